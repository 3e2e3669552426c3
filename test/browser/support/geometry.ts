// Layout checks that run inside the page (the test code has no DOM types, so these are strings).
import type { Page } from 'playwright-core';

export type Box = { x: number; y: number; width: number; height: number };

/** The buttons and links on screen that the message line (or `selector`) overlaps, by their text or test id. */
export function controlsCoveredBy(page: Page, selector: string): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const cover = document.querySelector(${JSON.stringify(selector)});
    if (!cover) return [];
    const a = cover.getBoundingClientRect();
    if (!a.width || !a.height) return [];
    return [...document.querySelectorAll('button, a[href], input, select')]
      .filter((control) => !cover.contains(control))
      .filter((control) => {
        const b = control.getBoundingClientRect();
        return b.width > 0 && b.height > 0 && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      })
      .map((control) => control.getAttribute('data-testid') || control.textContent.trim());
  })()`);
}

/** The smallest width and height among the elements matching `selector` (0 when none). */
export function smallestBox(page: Page, selector: string): Promise<{ width: number; height: number; count: number }> {
  return page.evaluate(`(() => {
    const boxes = [...document.querySelectorAll(${JSON.stringify(selector)})].map((element) => element.getBoundingClientRect());
    if (!boxes.length) return { width: 0, height: 0, count: 0 };
    return { width: Math.min(...boxes.map((b) => b.width)), height: Math.min(...boxes.map((b) => b.height)), count: boxes.length };
  })()`);
}
