// A load process of the race demo: its share of the bots. At each round's instant every bot sends one
// POST /api/showtimes/:id/holds for that round's single seat, all at once, and records the answer.
import { request, sleep, workerMain } from './kit.mjs';

workerMain(async (job, startAt, report) => {
  const answers = [];
  for (const [r, seat] of job.seats.entries()) {
    const at = startAt + r * job.roundGapMs;
    await sleep(Math.max(0, at - Date.now()));
    const round = await Promise.all(
      job.bots.map(async (bot) => {
        const res = await request(job.url, 'POST', `/api/showtimes/${job.showtimeId}/holds`, { person: bot, body: { seats: [seat] } });
        return {
          round: r,
          seat,
          bot: bot.index,
          status: res.status,
          code: res.body?.error?.code,
          message: res.body?.error?.message,
          holdId: res.body?.hold?.id,
          ms: res.ms,
          sentAt: at,
          answeredAt: res.at,
        };
      }),
    );
    answers.push(...round);
    report({ rounds: r + 1, answered: answers.length });
  }
  return answers;
});
