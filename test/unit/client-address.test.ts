import express from 'express';
import supertest from 'supertest';
import { clientAddress } from '../../src/modules/realtime/client-address';

const handshake = (address: string, forwardedFor?: string) => ({
  address,
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('socket client address', () => {
  test('when TRUST_PROXY is 0, then X-Forwarded-For is ignored', () => {
    expect(clientAddress(handshake('10.0.0.1', '203.0.113.7'), 0)).toBe('10.0.0.1');
  });

  test('when TRUST_PROXY counts hops, then the client is that many entries in from the right', () => {
    expect(clientAddress(handshake('10.0.0.1', '198.51.100.1, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(handshake('10.0.0.1', '198.51.100.1, 203.0.113.7'), 2)).toBe('198.51.100.1');
    expect(clientAddress(handshake('10.0.0.1', '198.51.100.1, 203.0.113.7'), 5)).toBe('198.51.100.1');
    expect(clientAddress(handshake('10.0.0.1'), 1)).toBe('10.0.0.1');
  });

  // The per-IP socket limit must count the same client Express's rate limits see; compare with req.ip itself.
  test.each([
    [0, '203.0.113.7'],
    [1, '203.0.113.7'],
    [1, '198.51.100.1,203.0.113.7'],
    [2, '198.51.100.1 ,  203.0.113.7'],
    [2, ' , 198.51.100.1,,203.0.113.7, '],
    [3, '198.51.100.1, 203.0.113.7'],
    [1, ''],
  ])('when Express trusts %i hops and X-Forwarded-For is %p, then the address matches req.ip', async (hops, forwardedFor) => {
    const app = express();
    app.set('trust proxy', hops);
    app.get('/', (req, res) => {
      res.json({ ip: req.ip, address: req.socket.remoteAddress, headers: req.headers });
    });
    const { body } = await supertest(app).get('/').set('X-Forwarded-For', forwardedFor);
    expect(clientAddress({ address: body.address, headers: body.headers }, hops)).toBe(body.ip);
  });
});
