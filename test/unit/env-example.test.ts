import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, settingNames } from '../../src/config';

const lines = readFileSync(resolve(__dirname, '..', '..', '.env.example'), 'utf8').split('\n');
/** KEY=value lines, and "# KEY=value" lines for settings that have no default. */
const setting = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/;
const active = Object.fromEntries(
  lines.flatMap((line) => {
    const match = setting.exec(line);
    return match && !match[1] ? [[match[2] as string, match[3] as string]] : [];
  }),
);
const documented = lines.flatMap((line) => setting.exec(line)?.[2] ?? []);

describe('.env.example', () => {
  it('when compared with src/config.ts, then it documents every setting exactly once and no others', () => {
    expect([...documented].sort()).toEqual([...settingNames].sort());
  });

  it('when its values are loaded, then they are exactly the defaults of src/config.ts', () => {
    expect(loadConfig(active)).toEqual(loadConfig({}));
  });

  it('when a setting is listed, then a one-line meaning sits right above it (or above the settings it is listed with)', () => {
    const meaningAbove = (name: string) => {
      let index = lines.findIndex((line) => setting.exec(line)?.[2] === name) - 1;
      // Settings without a default are listed commented out, several under one meaning (ADMIN_EMAIL, ADMIN_PASSWORD).
      while (index >= 0 && setting.exec(lines[index] as string)?.[1]) index -= 1;
      return lines[index] ?? '';
    };
    const missing = settingNames.filter((name) => !/^# \S/.test(meaningAbove(name)));
    expect(settingNames).toEqual(expect.arrayContaining(['DATABASE_URL', 'ADMIN_PASSWORD', 'REDIS_URL']));
    expect(missing).toEqual([]);
  });
});
