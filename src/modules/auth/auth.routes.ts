import { defineRoute } from '../../http/route';
import {
  authResponseSchema,
  createStaffBodySchema,
  loginBodySchema,
  meResponseSchema,
  registerBodySchema,
  staffResponseSchema,
} from './auth.schemas';
import type { AuthService } from './auth.service';

export function authRoutes(auth: AuthService, limiters: { auth: import('express').RequestHandler[] }) {
  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/register',
      summary: 'Create a customer account',
      tags: ['accounts'],
      access: 'public',
      before: limiters.auth,
      body: registerBodySchema,
      responses: { 201: { description: 'Registered', schema: authResponseSchema }, 409: { description: 'EMAIL_TAKEN' } },
      handler: async ({ body }) => ({ status: 201, body: await auth.register(body) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      summary: 'Log in and get a bearer token',
      tags: ['accounts'],
      access: 'public',
      before: limiters.auth,
      body: loginBodySchema,
      responses: { 200: { description: 'Logged in', schema: authResponseSchema }, 401: { description: 'Wrong email or password' } },
      handler: async ({ body }) => ({ status: 200, body: await auth.login(body) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/staff',
      summary: 'Create a door-staff account (admin): staff log in like anyone and may check tickets in',
      tags: ['accounts'],
      access: 'admin',
      body: createStaffBodySchema,
      responses: { 201: { description: 'Created', schema: staffResponseSchema }, 409: { description: 'EMAIL_TAKEN' } },
      handler: async ({ body }) => ({ status: 201, body: await auth.createStaff(body) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/me',
      summary: 'The caller',
      tags: ['accounts'],
      access: 'user',
      responses: { 200: { description: 'The caller', schema: meResponseSchema } },
      handler: async ({ user }) => ({ status: 200, body: { user } }),
    }),
  ];
}
