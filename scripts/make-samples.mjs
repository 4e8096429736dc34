// Generates the sample sprites in sample/ and the extension icon media/icon.png.
// Deterministic: run `node scripts/make-samples.mjs` and commit the output.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { PNG } = require('pngjs');
const jpeg = require('jpeg-js');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// ------------------------------------------------------------------ helpers

function hex(h, a = 255) {
  const n = parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, a];
}

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** A small indexed-colour-free pixel grid for pixel art, upscaled on output. */
class Grid {
  constructor(w, h) {
    this.w = w;
    this.h = h;
    this.px = new Array(w * h).fill(null);
  }
  get(x, y) {
    return x < 0 || y < 0 || x >= this.w || y >= this.h ? null : this.px[y * this.w + x];
  }
  set(x, y, c) {
    if (x >= 0 && y >= 0 && x < this.w && y < this.h) this.px[y * this.w + x] = c;
  }
  rect(x0, y0, x1, y1, c) {
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) this.set(x, y, c);
  }
  /** Filled rect with a light left column and dark right column. */
  shaded(x0, y0, x1, y1, light, mid, dark) {
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) this.set(x, y, x === x0 ? light : x === x1 ? dark : mid);
    }
  }
  ellipse(cx, cy, rx, ry, c) {
    for (let y = Math.floor(cy - ry); y <= Math.ceil(cy + ry); y++) {
      for (let x = Math.floor(cx - rx); x <= Math.ceil(cx + rx); x++) {
        if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) this.set(x, y, typeof c === 'function' ? c(x, y) : c);
      }
    }
  }
  /** Every empty pixel touching a filled one (4-neighbourhood) becomes the outline colour. */
  outline(c) {
    const add = [];
    for (let y = 0; y < this.h; y++) {
      for (let x = 0; x < this.w; x++) {
        if (this.get(x, y)) continue;
        if (this.get(x - 1, y) || this.get(x + 1, y) || this.get(x, y - 1) || this.get(x, y + 1)) add.push([x, y]);
      }
    }
    for (const [x, y] of add) this.set(x, y, c);
  }
  toPng(scale) {
    const png = new PNG({ width: this.w * scale, height: this.h * scale });
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const c = this.get(Math.floor(x / scale), Math.floor(y / scale)) ?? [0, 0, 0, 0];
        png.data.set(c, (y * png.width + x) * 4);
      }
    }
    return PNG.sync.write(png);
  }
}

function write(rel, bytes) {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, bytes);
  console.log(`${rel}: ${bytes.length} bytes`);
}

// ------------------------------------------------------------------ knight (32x32 x4 = 128)

function knightGrid() {
  const g = new Grid(32, 32);
  const steelL = hex('#e4e9f2'), steel = hex('#a9b4c6'), steelD = hex('#6b768c'), steelDD = hex('#454d60');
  const red = hex('#d8343f'), redD = hex('#9c1f2a');
  const blue = hex('#3559c7'), blueL = hex('#5b7ee6'), blueD = hex('#233c8c');
  const gold = hex('#f5c542'), goldD = hex('#b88a1c');
  const brown = hex('#7a4a2a'), brownD = hex('#4e2e1a');
  const ink = hex('#1a1626');

  // plume
  g.ellipse(16, 4, 5, 2, red);
  g.rect(11, 5, 13, 7, redD);
  g.set(14, 3, hex('#ff6b6b'));
  g.set(15, 3, hex('#ff6b6b'));
  // helmet
  g.shaded(11, 6, 20, 14, steelL, steel, steelD);
  for (const [x, y] of [[11, 6], [20, 6], [11, 14], [20, 14]]) g.set(x, y, null);
  g.rect(13, 10, 19, 10, ink); // visor slit
  g.rect(12, 8, 19, 8, steelL);
  g.set(15, 12, steelDD);
  g.set(17, 12, steelDD);
  g.set(19, 12, steelDD);
  // gorget
  g.shaded(12, 15, 19, 15, steel, steelD, steelDD);
  // arms
  g.shaded(7, 16, 9, 22, steelL, steel, steelD);
  g.shaded(22, 16, 24, 21, steelL, steel, steelD);
  g.rect(22, 22, 24, 23, steelD); // gauntlet
  // tabard
  g.shaded(10, 16, 21, 24, blueL, blue, blueD);
  g.rect(15, 17, 16, 22, gold);
  g.rect(13, 19, 18, 19, gold);
  g.set(16, 22, goldD);
  g.set(18, 19, goldD);
  // belt
  g.rect(10, 24, 21, 24, brown);
  g.rect(15, 24, 16, 24, gold);
  // legs and boots
  g.shaded(11, 25, 14, 28, steelL, steel, steelD);
  g.shaded(17, 25, 20, 28, steelL, steel, steelD);
  g.rect(10, 29, 14, 30, brownD);
  g.rect(17, 29, 21, 30, brownD);
  g.rect(11, 29, 13, 29, brown);
  g.rect(18, 29, 20, 29, brown);
  // shield (viewer's left)
  g.shaded(2, 15, 8, 23, hex('#ff5a64'), red, redD);
  g.rect(3, 24, 7, 24, redD);
  g.rect(4, 25, 6, 25, redD);
  g.set(5, 26, redD);
  for (let y = 15; y <= 24; y++) g.set(5, y, gold);
  g.rect(2, 18, 8, 18, gold);
  // sword (viewer's right)
  for (let y = 3; y <= 20; y++) {
    g.set(26, y, steelL);
    g.set(27, y, steel);
  }
  g.set(26, 2, steelL);
  g.rect(24, 21, 29, 21, gold);
  g.set(29, 21, goldD);
  g.rect(26, 22, 27, 24, brown);
  g.rect(26, 25, 27, 25, gold);

  g.outline(ink);
  return g;
}

// ------------------------------------------------------------------ coin (16x16, a real sprite size)

function coinGrid() {
  const g = new Grid(16, 16);
  const gold = hex('#f5c542'), goldL = hex('#ffe58a'), goldD = hex('#b88a1c'), ink = hex('#3a2a10');
  g.ellipse(7.5, 7.5, 6, 6.5, (x, y) => (x + y < 12 ? goldL : x + y > 17 ? goldD : gold));
  g.rect(7, 4, 8, 11, goldD); // the coin's mark
  g.set(7, 4, goldL);
  g.outline(ink);
  return g;
}

// ------------------------------------------------------------------ potion (24x24 x4 = 96)

function potion() {
  const g = new Grid(24, 24);
  const glass = hex('#d8ecff', 200), glassD = hex('#9fc4e8', 220);
  const liquid = hex('#c2185b'), liquidL = hex('#ec407a'), liquidD = hex('#7b1040');
  const cork = hex('#b07a45'), corkD = hex('#7d5230');
  const ink = hex('#1a1626');
  // bulb
  g.ellipse(12, 15, 7.5, 7, (x, y) => {
    if (y < 12) return x > 15 ? glassD : glass;
    if (y === 12) return liquidL;
    return x > 15 || y > 19 ? liquidD : liquid;
  });
  // neck and rim
  g.shaded(10, 4, 13, 8, glass, glass, glassD);
  g.rect(9, 4, 14, 4, glassD);
  // cork
  g.shaded(10, 1, 13, 3, cork, cork, corkD);
  // highlights and bubbles
  g.set(7, 11, hex('#ffffff'));
  g.set(7, 12, hex('#ffffff'));
  g.set(8, 10, hex('#ffffff'));
  g.set(11, 5, hex('#ffffff'));
  g.set(11, 6, hex('#ffffff'));
  g.set(9, 15, liquidL);
  g.set(13, 17, liquidL);
  g.set(10, 18, hex('#f8bbd0'));
  g.set(15, 14, hex('#f8bbd0'));
  g.outline(ink);
  // sparkle beside the flask
  const spark = hex('#fff59d');
  for (const [x, y] of [[20, 3], [20, 4], [20, 5], [19, 4], [21, 4], [3, 7], [3, 8], [2, 7]]) g.set(x, y, spark);
  return g.toPng(4);
}

// ------------------------------------------------------------------ tileset (16x16 tiles x2 = 32 px; 8x4 tiles = 256x128)

function tiles() {
  const T = 16;
  const g = new Grid(8 * T, 4 * T);
  const tile = (col, row, fn) => {
    const r = rng(col * 97 + row * 31 + 7);
    for (let y = 0; y < T; y++) for (let x = 0; x < T; x++) g.set(col * T + x, row * T + y, fn(x, y, r));
  };
  const pick = (r, colors) => colors[Math.floor(r() * colors.length)];
  const grassC = [hex('#4caf50'), hex('#43a047'), hex('#57bb5b'), hex('#3d9441')];
  const grass = (x, y, r) => pick(r, grassC);
  const dirtC = [hex('#8d6e63'), hex('#7d5f55'), hex('#9a7a6e')];
  const sandC = [hex('#f2d58a'), hex('#e8c976'), hex('#f7e0a3')];

  // row 0: terrain
  tile(0, 0, grass);
  tile(1, 0, (x, y, r) => ((x * 7 + y * 3) % 11 === 0 ? pick(r, [hex('#ffeb3b'), hex('#f06292'), hex('#ffffff')]) : grass(x, y, r)));
  tile(2, 0, (x, y, r) => pick(r, dirtC));
  tile(3, 0, (x, y, r) => pick(r, sandC));
  tile(4, 0, (x, y) => ((y + Math.round(2 * Math.sin(x / 2.5))) % 6 === 0 ? hex('#90caf9') : y % 6 === 3 ? hex('#2b7bd6') : hex('#2f88e6')));
  tile(5, 0, (x, y) => ((y + Math.round(2 * Math.sin((x + 3) / 2.5))) % 6 === 0 ? hex('#ffca28') : (x + y) % 5 === 0 ? hex('#ff7043') : hex('#e64a19')));
  tile(6, 0, (x, y, r) => (r() < 0.1 ? hex('#dde6f2') : hex('#f5f9ff')));
  tile(7, 0, (x, y) => ((x - y + 16) % 7 === 0 ? hex('#ffffff') : (x + y) % 9 === 0 ? hex('#b3e5fc') : hex('#cdeffd')));

  // row 1: built surfaces
  const brick = (base, mortar, moss) => (x, y, r) => {
    if (y % 4 === 3) return mortar;
    const off = Math.floor(y / 4) % 2 === 0 ? 0 : 4;
    if ((x + off) % 8 === 7) return mortar;
    if (moss && r() < 0.18 && y > 7) return hex('#5b8c3a');
    return r() < 0.2 ? base.map((v, i) => (i < 3 ? Math.max(0, v - 18) : v)) : base;
  };
  tile(0, 1, brick(hex('#b5523b'), hex('#d9c7b0'), false));
  tile(1, 1, brick(hex('#8a8f99'), hex('#5d616b'), true));
  tile(2, 1, (x, y, r) => {
    const cx = (x % 8) - 3.5, cy = (y % 8) - 3.5;
    const d = Math.max(Math.abs(cx), Math.abs(cy));
    return d > 3.2 ? hex('#4a4e57') : r() < 0.15 ? hex('#8d939e') : hex('#a3a9b3');
  });
  tile(3, 1, (x, y, r) => (x === 0 || y === 0 ? hex('#3b3f48') : r() < 0.1 ? hex('#6f7480') : hex('#5d626d')));
  tile(4, 1, (x, y) => (y % 4 === 0 ? hex('#6d4425') : (x + Math.floor(y / 4) * 5) % 16 === 0 ? hex('#6d4425') : x % 5 === 2 && y % 4 === 2 ? hex('#93633c') : hex('#a87444')));
  tile(5, 1, (x, y) => {
    if (x === 0 || y === 0 || x === 15 || y === 15) return hex('#5b3a1e');
    if (x === y || x === 15 - y) return hex('#7a5130');
    return x === 1 || y === 1 ? hex('#c99058') : hex('#b07a45');
  });
  tile(6, 1, (x, y) => {
    const off = Math.floor(y / 4) % 2 === 0 ? 0 : 2;
    if (y % 4 === 3) return hex('#7f1d1d');
    return (x + off) % 4 === 0 ? hex('#a32929') : hex('#c73a3a');
  });
  tile(7, 1, (x, y, r) => pick(r, [hex('#9e9e9e'), hex('#8a8a8a'), hex('#b0b0b0'), hex('#757575')]));

  // rows 2-3: props drawn over ground tiles
  const prop = (col, row, ground, draw) => {
    tile(col, row, ground);
    const p = new Grid(T, T);
    draw(p);
    p.outline(hex('#1a1626'));
    for (let y = 0; y < T; y++) for (let x = 0; x < T; x++) if (p.get(x, y)) g.set(col * T + x, row * T + y, p.get(x, y));
  };
  const sand = (x, y, r) => pick(r, sandC);
  const dirt = (x, y, r) => pick(r, dirtC);
  prop(0, 2, grass, (p) => {
    p.ellipse(7.5, 8, 5.5, 4.5, (x, y) => (y < 7 && x < 8 ? hex('#81c784') : hex('#2e7d32')));
    p.set(6, 6, hex('#e53935'));
    p.set(9, 9, hex('#e53935'));
  });
  prop(1, 2, grass, (p) => {
    p.rect(6, 10, 9, 14, hex('#6d4c41'));
    p.ellipse(7.5, 6, 6, 5, (x, y) => (x < 7 && y < 6 ? hex('#66bb6a') : hex('#2e7d32')));
  });
  prop(2, 2, grass, (p) => p.ellipse(7.5, 9, 5.5, 4, (x, y) => (y < 8 && x < 7 ? hex('#bdbdbd') : hex('#8d8d8d'))));
  prop(3, 2, dirt, (p) => {
    p.rect(7, 9, 8, 13, hex('#f5f5dc'));
    p.ellipse(7.5, 7, 5, 3, (x, y) => ((x + y) % 4 === 0 && y < 7 ? hex('#ffffff') : hex('#d32f2f')));
  });
  prop(4, 2, sand, (p) => {
    p.rect(3, 6, 12, 13, hex('#8d5a2b'));
    p.rect(3, 6, 12, 8, hex('#a66b35'));
    p.rect(3, 9, 12, 9, hex('#f5c542'));
    p.rect(7, 8, 8, 10, hex('#f5c542'));
  });
  prop(5, 2, (x, y, r) => (r() < 0.1 ? hex('#6f7480') : hex('#5d626d')), (p) => {
    p.rect(7, 6, 8, 14, hex('#6d4c41'));
    p.ellipse(7.5, 4, 2, 2.5, (x, y) => (y < 4 ? hex('#ffeb3b') : hex('#ff9800')));
  });
  prop(6, 2, grass, (p) => {
    p.rect(7, 8, 8, 14, hex('#6d4c41'));
    p.rect(2, 3, 13, 8, hex('#c99058'));
    p.rect(4, 5, 11, 5, hex('#5b3a1e'));
    p.rect(4, 7, 9, 7, hex('#5b3a1e'));
  });
  prop(7, 2, grass, (p) => {
    for (let x = 1; x <= 14; x += 4) p.rect(x, 4, x + 1, 13, hex('#c99058'));
    p.rect(0, 6, 15, 6, hex('#a87444'));
    p.rect(0, 11, 15, 11, hex('#a87444'));
  });
  // row 3: path edges and water edges
  tile(0, 3, (x, y, r) => (y < 8 ? grass(x, y, r) : pick(r, dirtC)));
  tile(1, 3, (x, y, r) => (x < 8 ? grass(x, y, r) : pick(r, dirtC)));
  tile(2, 3, (x, y, r) => (x + y < 16 ? grass(x, y, r) : pick(r, dirtC)));
  tile(3, 3, (x, y, r) => ((x - 7.5) ** 2 + (y - 7.5) ** 2 < 36 ? pick(r, dirtC) : grass(x, y, r)));
  tile(4, 3, (x, y, r) => (y < 6 ? pick(r, sandC) : y === 6 ? hex('#ffffff') : hex('#2f88e6')));
  tile(5, 3, (x, y, r) => (x < 6 ? pick(r, sandC) : x === 6 ? hex('#ffffff') : hex('#2f88e6')));
  tile(6, 3, (x, y, r) => ((x - 7.5) ** 2 + (y - 7.5) ** 2 < 30 ? ((x - 7.5) ** 2 + (y - 7.5) ** 2 > 22 ? hex('#90caf9') : hex('#2f88e6')) : grass(x, y, r)));
  tile(7, 3, (x, y) => {
    const d = Math.abs(x - 7.5) + Math.abs(y - 7.5);
    return d < 5 ? hex('#fff59d') : d < 7 ? hex('#ffb300') : (x + y) % 2 === 0 ? hex('#3b3f48') : hex('#343842');
  });
  return g.toPng(2);
}

// ------------------------------------------------------------------ background (320x180 JPEG)

function background() {
  const W = 320, H = 180;
  const data = Buffer.alloc(W * H * 4);
  const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
  const skyTop = hex('#2a2a72'), skyMid = hex('#8a4fb8'), skyLow = hex('#ff9a6b');
  const layers = [
    { base: 95, amp: [18, 9, 4], freq: [0.011, 0.031, 0.07], phase: 1.3, color: hex('#6c5a9e') },
    { base: 118, amp: [14, 7, 3], freq: [0.017, 0.043, 0.09], phase: 4.1, color: hex('#4b3f7a') },
    { base: 140, amp: [8, 5, 2], freq: [0.023, 0.05, 0.13], phase: 2.2, color: hex('#2c3d5a') },
  ];
  const ridge = (l, x) => l.base - l.amp.reduce((s, a, i) => s + a * Math.sin(x * l.freq[i] + l.phase * (i + 1)), 0);
  const sun = { x: 228, y: 92, r: 22 };
  const clouds = [
    [60, 36, 28, 6],
    [82, 32, 18, 6],
    [170, 52, 34, 5],
    [280, 30, 22, 5],
  ];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const t = y / 120;
      let c = t < 0.55 ? mix(skyTop, skyMid, t / 0.55) : mix(skyMid, skyLow, Math.min(1, (t - 0.55) / 0.45));
      const ds = Math.hypot(x - sun.x, y - sun.y);
      if (ds < sun.r) c = mix(hex('#fff3c4'), hex('#ffd36b'), ds / sun.r);
      else if (ds < sun.r * 2.5) c = mix(c, hex('#ffd9a0'), 0.45 * (1 - (ds - sun.r) / (sun.r * 1.5)));
      for (const [cx, cy, rx, ry] of clouds) {
        if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 < 1) c = mix(c, hex('#ffe4f0'), 0.75);
      }
      for (const l of layers) if (y >= ridge(l, x)) c = mix(l.color, skyLow, 0.12 * Math.max(0, 1 - (y - ridge(l, x)) / 30));
      if (y >= 156) c = (x * 3 + y * 7) % 13 === 0 ? hex('#2f6b3a') : mix(hex('#3f8f4a'), hex('#23572d'), (y - 156) / 24);
      data.set(c.map(Math.round), (y * W + x) * 4);
    }
  }
  // pine trees on the ground line
  for (const [tx, th] of [[24, 34], [40, 26], [290, 38], [306, 28], [140, 22]]) {
    for (let y = 156 - th; y < 160; y++) {
      const half = y >= 156 ? 1 : Math.floor(((y - (156 - th)) / th) * 9) + 1;
      for (let x = tx - half; x <= tx + half; x++) {
        if (x < 0 || x >= W) continue;
        const c = y >= 156 ? hex('#4e342e') : x < tx ? hex('#1e4d2b') : hex('#163b21');
        data.set(c, (y * W + x) * 4);
      }
    }
  }
  return jpeg.encode({ width: W, height: H, data }, 90).data;
}

// ------------------------------------------------------------------ icon (128x128, 4x supersampled)

function icon() {
  const S = 128, K = 4, N = S * K;
  const acc = new Float64Array(S * S * 4);
  const purple = [123, 63, 228], blue = [47, 123, 245];
  const segDist = (px, py, ax, ay, bx, by) => {
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    return [Math.hypot(px - (ax + t * dx), py - (ay + t * dy)), t];
  };
  const sparkle = (px, py, cx, cy, r) => {
    const x = Math.abs(px - cx) / r, y = Math.abs(py - cy) / r;
    return Math.sqrt(x) + Math.sqrt(y) <= 1;
  };
  for (let sy = 0; sy < N; sy++) {
    for (let sx = 0; sx < N; sx++) {
      const u = (sx + 0.5) / N, v = (sy + 0.5) / N;
      // rounded square with 6% margin and 22% corner radius
      const m = 0.04, rad = 0.22;
      const qx = Math.max(Math.abs(u - 0.5) - (0.5 - m - rad), 0);
      const qy = Math.max(Math.abs(v - 0.5) - (0.5 - m - rad), 0);
      if (Math.hypot(qx, qy) > rad) continue;
      const t = (u + v) / 2;
      let c = purple.map((p, i) => p + (blue[i] - p) * t);
      // soft inner highlight at the top
      if (v < 0.5) c = c.map((x) => x + (255 - x) * 0.12 * (1 - v * 2));
      // brush: handle from bottom-left to the middle, ferrule, bristles
      const [dh] = segDist(u, v, 0.2, 0.84, 0.47, 0.57);
      const [df] = segDist(u, v, 0.47, 0.57, 0.54, 0.5);
      const [db, tb] = segDist(u, v, 0.54, 0.5, 0.66, 0.38);
      if (dh < 0.045) c = dh < 0.03 ? [250, 204, 92] : [196, 140, 40];
      if (df < 0.052) c = df < 0.04 ? [226, 232, 240] : [150, 160, 178];
      const bw = 0.058 * (1 - tb * 0.75);
      if (db < bw) c = tb > 0.62 ? [255, 120, 200] : [255, 255, 255];
      // paint stroke under the brush tip
      const [ds] = segDist(u, v, 0.55, 0.78, 0.82, 0.62);
      if (ds < 0.028 && dh >= 0.045) c = [255, 120, 200];
      // sparkles
      if (sparkle(u, v, 0.7, 0.27, 0.17)) c = [255, 255, 255];
      if (sparkle(u, v, 0.32, 0.3, 0.08)) c = [255, 243, 170];
      if (sparkle(u, v, 0.84, 0.46, 0.055)) c = [255, 255, 255];
      const o = (Math.floor(sy / K) * S + Math.floor(sx / K)) * 4;
      acc[o] += c[0];
      acc[o + 1] += c[1];
      acc[o + 2] += c[2];
      acc[o + 3] += 1;
    }
  }
  const png = new PNG({ width: S, height: S });
  for (let i = 0; i < S * S; i++) {
    const n = acc[i * 4 + 3];
    if (n === 0) continue;
    png.data[i * 4] = Math.round(acc[i * 4] / n);
    png.data[i * 4 + 1] = Math.round(acc[i * 4 + 1] / n);
    png.data[i * 4 + 2] = Math.round(acc[i * 4 + 2] / n);
    png.data[i * 4 + 3] = Math.round((n / (K * K)) * 255);
  }
  return PNG.sync.write(png);
}

write('sample/knight.png', knightGrid().toPng(4));
write('sample/knight-32.png', knightGrid().toPng(1));
write('sample/coin-16.png', coinGrid().toPng(1));
write('sample/potion.png', potion());
write('sample/tiles.png', tiles());
write('sample/background.jpg', background());
write('media/icon.png', icon());
writeFileSync(
  join(root, 'sample/README.md'),
  'Game-style sprites generated by `node scripts/make-samples.mjs` for trying Restyle: `coin-16.png` (16 × 16) and `knight-32.png` (32 × 32) at their real size with transparent backgrounds, the same knight scaled ×4, a potion, a tileset and a photo-like background.\n',
);
