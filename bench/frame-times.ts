/**
 * Frame times of a page while the mouse pans (drags) and zooms (wheel) over a canvas: the
 * requestAnimationFrame deltas collected in the page, summarised as median, p95 and mean FPS.
 * Shared by the network explorer's and the monitoring map's browser benchmarks.
 */
import type { Locator, Page } from 'playwright-core';

export interface FrameStats { readonly frames: number; readonly medianMs: number; readonly p95Ms: number; readonly fps: number }

export function frameStats(deltas: readonly number[]): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const total = deltas.reduce((s, d) => s + d, 0);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { frames: deltas.length, medianMs: r(at(0.5)), p95Ms: r(at(0.95)), fps: r(total > 0 ? (deltas.length * 1000) / total : 0) };
}

/** Pans and zooms over `canvas` for `seconds`, collecting rAF deltas in the page. */
export async function measureFrames(page: Page, canvas: Locator, seconds: number): Promise<FrameStats> {
  const box = (await canvas.boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // a string, not a function: tsx's name helper (__name) does not exist in the page
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__frameLoop = true;
    let last = 0;
    function tick(now) {
      window.__frames.push(now - last);
      last = now;
      if (window.__frameLoop) requestAnimationFrame(tick);
    }
    requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
  })()`);
  const until = Date.now() + seconds * 1000;
  let round = 0;
  while (Date.now() < until) {
    const dx = (round % 2 ? -1 : 1) * box.width * 0.25;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + dx, cy + dx * 0.3, { steps: 12 });
    await page.mouse.up();
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, round % 2 ? 120 : -120);
    round++;
  }
  // let the last zoom animation end inside the window
  await page.waitForTimeout(400);
  const deltas = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __frameLoop: boolean };
    w.__frameLoop = false;
    return w.__frames;
  });
  return frameStats(deltas);
}
