// Shared by the layout and the splitter tests. The layout's tiling as the app drew it in its
// last frame: the regions lie inside the work area below the menu bar, never overlap and
// together cover it; one panel window per region, each inside its region. Measured against
// ImGui's display size (state().layout.display), not the browser window.
import { state, itemRect, clickItem, frames, check, outDir } from './browser_helpers.mjs';
import path from 'node:path';

export const EPS = 1.01; // CSS pixels: ImGui's whole device pixels are half CSS pixels at DPR 2

export function overlap(a, b) {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > EPS && h > EPS ? w * h : 0;
}

export function inside(r, area) {
  return r.x >= area.x - EPS && r.y >= area.y - EPS && r.x + r.w <= area.x + area.w + EPS &&
         r.y + r.h <= area.y + area.h + EPS;
}

export const describe = (r) => `${r.id} ${r.x.toFixed(0)},${r.y.toFixed(0)} ${r.w.toFixed(0)}x${r.h.toFixed(0)}`;

export async function checkTiling(page, what) {
  await frames(page, 2);
  const s = await state(page);
  const { work, display, regions } = s.layout;
  const menu = await itemRect(page, 'menu.view');
  check(work.x === 0 && Math.abs(work.w - display.w) <= EPS &&
        Math.abs(work.y + work.h - display.h) <= EPS && menu && menu.y + menu.h <= work.y + EPS,
        `${what}: the work area is the whole display (${display.w}x${display.h}) below the menu bar (${work.y.toFixed(1)})`);
  let area = 0;
  for (let i = 0; i < regions.length; ++i) {
    area += regions[i].w * regions[i].h;
    for (let j = i + 1; j < regions.length; ++j)
      check(overlap(regions[i], regions[j]) === 0, `${what}: regions ${regions[i].id} and ${regions[j].id} do not overlap`);
  }
  check(regions.every((r) => inside(r, work)), `${what}: every region is inside the work area`);
  check(Math.abs(area - work.w * work.h) <= 0.002 * work.w * work.h,
        `${what}: the regions cover the work area (${area.toFixed(0)} of ${(work.w * work.h).toFixed(0)} px²)`);
  const windows = s.windows;
  for (let i = 0; i < windows.length; ++i)
    for (let j = i + 1; j < windows.length; ++j)
      if (overlap(windows[i], windows[j]) > 0)
        throw new Error(`${what}: ${describe(windows[i])} overlaps ${describe(windows[j])}`);
  check(windows.length === regions.length, `${what}: one panel window per region (${windows.map((w) => w.id)}) and no two overlap`);
  for (const w of windows) {
    const region = regions.find((r) => r.active === w.id);
    if (!region || !inside(w, region) || w.w < 40 || w.h < 20)
      throw new Error(`${what}: ${describe(w)} is not on screen in its region ${region && describe(region)}`);
  }
  check(true, `${what}: every panel is on screen in its own region (${s.layout.shape})`);
  return s;
}

// Clicks View > `item` with the real mouse.
export async function viewMenu(page, item) {
  await clickItem(page, 'menu.view');
  await frames(page, 2);
  if (!(await itemRect(page, `menu.view.${item}`))) {
    await page.screenshot({ path: path.join(outDir, `web-layout-menu-closed.png`) });
    throw new Error(`the View menu did not open for ${item}`);
  }
  await clickItem(page, `menu.view.${item}`);
  await frames(page, 3); // a text size change moves the menu bar's items: let them settle
}
