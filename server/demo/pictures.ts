import { crc32, deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

/** An RGB image as a PNG file (8-bit, no filter), built in memory (the demo's pictures, tests' photos). */
export function png(width: number, height: number, pixel: (x: number, y: number) => Rgb): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const stride = 1 + width * 3;
  const rows = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rows.set(pixel(x, y), y * stride + 1 + x * 3);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A voucher as a phone would photograph it: a slip of paper on a desk, lines of print, a
 * total, and the red seal of whoever was paid. Not a real document; it stands for one in the
 * demo (a flat colour looked like a broken picture).
 */
export function demoVoucherPng(): Buffer {
  const W = 120;
  const H = 160;
  const desk: Rgb = [142, 120, 98];
  const paper: Rgb = [248, 246, 238];
  const ink: Rgb = [110, 110, 118];
  const red: Rgb = [200, 40, 46];
  const lines = [0.8, 0.55, 0.7, 0.62, 0.75, 0.5];
  return png(W, H, (x, y) => {
    if (x < 10 || x >= W - 10 || y < 8 || y >= H - 8) return desk;
    // The seal: a ring at the lower right.
    const d = Math.hypot(x - 82, y - 122);
    if (d >= 15 && d <= 18) return red;
    if (d < 5) return red;
    // The title, the lines of print and the total.
    if (y >= 16 && y < 21 && x >= 36 && x < 84) return ink;
    for (const [i, w] of lines.entries()) {
      const top = 32 + i * 11;
      if (y >= top && y < top + 3 && x >= 18 && x < 18 + w * 84) return ink;
    }
    if (y >= 104 && y < 108 && x >= 18 && x < 60) return ink;
    return paper;
  });
}

const LITTER: ReadonlyArray<readonly [number, number, number, boolean]> = [
  [74, 58, 3, true],
  [86, 66, 4, false],
  [66, 80, 5, true],
  [96, 88, 5, true],
  [72, 100, 7, false],
  [90, 108, 6, true],
  [58, 112, 5, false],
];

/** A village lane before or after a clean-up, for the clean-up campaign's photo pairs. */
export function demoLanePng(clean: boolean): Buffer {
  const W = 160;
  const H = 120;
  return png(W, H, (x, y) => {
    if (y < 44) return [150, 190, 225]; // sky
    const roadHalf = 12 + (y - 44) * 0.5; // the lane widens towards the camera
    const onRoad = Math.abs(x - W / 2) < roadHalf;
    if (!onRoad) return [104, 140, 78]; // verges
    // Rubbish on the lane before: bags and heaps.
    if (!clean)
      for (const [bx, by, r, white] of LITTER)
        if (Math.hypot(x - bx, (y - by) * 1.4) < r) return white ? [236, 236, 228] : [92, 64, 40];
    return [168, 162, 150];
  });
}
