// Before a hold in a room whose orphan-seat rule is 'warn': ask the server which seat the choice would leave
// on its own (the server applies the same rule as the hold), and let the person decide. An 'enforce' room
// refuses such a hold itself; an 'off' room says nothing. If the check cannot be made, the hold goes ahead.
import { api } from './api';

export async function confirmNoStrandedSeat(showtimeId: string, labels: string[]): Promise<boolean> {
  const check = await api.orphans(showtimeId, labels).catch(() => undefined);
  if (!check || check.rule !== 'warn' || check.stranded.length === 0) return true;
  const seats = check.stranded.join(', ');
  const one = check.stranded.length === 1;
  return window.confirm(
    `Holding these leaves ${seats} empty on ${one ? 'its' : 'their'} own, where nobody can sit with a friend. Hold them anyway?`,
  );
}
