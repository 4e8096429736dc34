/** The worker's set jobs: read a member, compose a plate's request, and cut the answers back into each member's file. */
import { base64Ascii } from '../base64';
import { decodeImage } from '../decode';
import { composePlate, plateRequest } from '../plate/plateCompose';
import { cutPlate } from '../plate/plateCut';
import type { Raster } from '../raster';
import { tileInfo } from '../tile/tilePlan';
import { wrapPad } from '../tile/wrapPad';
import { readMember, type MemberCell, type ReadMember } from './setMember';
import type { FinishSetOptions, SetMember, SetOutput, SetPlates, SetSummary } from './setTypes';

export interface PlateImage {
  readonly bytes: Uint8Array;
  readonly format: 'png' | 'jpeg';
  readonly width: number;
  readonly height: number;
  readonly base64: Uint8Array;
}

export async function inspectMember(member: SetMember): Promise<SetSummary> {
  return (await readMember(member)).summary;
}

async function readAll(members: readonly SetMember[]): Promise<{ read: ReadMember[]; cells: MemberCell[] }> {
  const read = await Promise.all(members.map(readMember));
  return { read, cells: read.flatMap((m) => m.cells) };
}

/** A cell as it goes on a plate: a seamless tile with its own wrap-around around it. */
function placed(cell: MemberCell): Raster {
  return cell.shape.seamless ? wrapPad(cell.raster).raster : cell.raster;
}

/** The request image of one plate: its cells, flattened on neutral grey, scaled by their factors, with gutters between. */
export async function composeSetPlate(members: readonly SetMember[], plates: SetPlates, plate: number): Promise<PlateImage> {
  const { cells } = await readAll(members);
  const layout = plates.layouts[plate];
  const rasters: Raster[] = [];
  for (const p of layout.placements) rasters[p.cell] = placed(cells[p.cell]);
  const request = await plateRequest(composePlate(layout, rasters, (i) => cells[i].shape.pixelArt));
  return { ...request, base64: request.base64 ?? base64Ascii(request.bytes) };
}

/**
 * Every member's file from the plates' answers: each answer is decoded at its real size, each cell cut
 * from inside its own rectangle and finished alone (one colour per source pixel for pixel art, its
 * alpha back, its palette when asked; a seamless tile's centre cut from its wrap-around and its seam
 * repaired), then the cells go back where they came from.
 */
export async function finishSet(members: readonly SetMember[], plates: SetPlates, answers: readonly Uint8Array[], options: FinishSetOptions): Promise<SetOutput[]> {
  const { read, cells } = await readAll(members);
  const restyled: Raster[] = [];
  for (const [i, layout] of plates.layouts.entries()) {
    const answer = (await decodeImage(answers[i], "Segmind's answer")).raster;
    const cut = cutPlate(answer, layout, cells.map((c) => ({ ...c.shape, alpha: c.alpha, palette: c.palette, ...(c.shape.seamless ? { tile: tileInfo(c.shape) } : {}) })), options);
    for (const [cell, raster] of cut) restyled[cell] = raster;
  }
  const outputs: SetOutput[] = [];
  let first = 0;
  for (const [member, m] of read.entries()) {
    const mine = restyled.slice(first, first + m.cells.length);
    first += m.cells.length;
    if (mine.length !== m.cells.length || mine.some((r) => !r)) throw new Error(`${members[member].fileName}: a cell is missing from the plates`);
    const kept = { transparency: options.keepTransparency && m.summary.hasAlpha, palette: options.keepPalette && m.summary.colours !== undefined };
    outputs.push({ member, ...(await m.assemble(mine, kept)) });
  }
  return outputs;
}
