// The demo rooms' seats, for the best-available tests and pictures.
import { buildSeats } from '../../src/modules/catalog';
import { demoAuditoriums } from '../../src/demo-data';

/** "Screen 1 · Grand": 14 rows of 18 with two aisles, Premium rows G-J, accessible A1 A2 A17 A18: 252 seats. */
export const grandLayout = () => demoAuditoriums[0] as (typeof demoAuditoriums)[number];
export const grandRoom = () => buildSeats(grandLayout());
