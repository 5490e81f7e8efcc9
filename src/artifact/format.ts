// The artifact file format: byte layout of the header, the section ids and
// their element widths. Shared by the writer and the reader, so the two cannot
// disagree.
//
// Layout (little endian throughout):
//   0  magic            8 bytes  "\x89CORRAL\n"
//   8  format version   u32
//  12  file length      u32      the whole file, in bytes
//  16  header length    u32      up to the end of the section table
//  20  checksum         32 bytes SHA-256 of the file without these 32 bytes
//  52  arch u8 · memory mode u8 · fuel u8 · reserved u8 (0)
//  56  CPU features     u32      bits of cpu-features.ts the code needs
//  60  module SHA-256   32 bytes of the original module binary
//  92  Corral version   u8 length, then UTF-8 bytes
//      (zero padding to 4) section count u32, then per section: id u32, length u32
//  payload: every section in table order, each starting at a multiple of 8,
//      zero padding between.
//
// Invariants: bump FORMAT_VERSION whenever any of this changes; section ids are
// listed in the one order a file must use; every section is present once.
// Must not import: src/runtime/, native/.

export const MAGIC = Uint8Array.of(0x89, 0x43, 0x4f, 0x52, 0x52, 0x41, 0x4c, 0x0a);
export const FORMAT_VERSION = 1;

export const OFF = {
  magic: 0,
  formatVersion: 8,
  fileLength: 12,
  headerLength: 16,
  checksum: 20,
  arch: 52,
  memoryMode: 53,
  fuel: 54,
  reserved: 55,
  cpuFeatures: 56,
  moduleSha256: 60,
  version: 92,
} as const;

export const CHECKSUM_BYTES = 32;
export const ARCH_X64 = 1;
export const MEMORY_MODES = ['guarded', 'checked'] as const;

/** Sections in file order, with the byte width of one element. */
export const SECTIONS = [
  { id: 1, name: 'module', width: 1 },
  { id: 2, name: 'code', width: 1 },
  { id: 3, name: 'functionStarts', width: 4 },
  { id: 4, name: 'functionEnds', width: 4 },
  { id: 5, name: 'entryThunks', width: 4 },
  { id: 6, name: 'hostTrampolines', width: 4 },
  { id: 7, name: 'trapOffsets', width: 4 },
  { id: 8, name: 'trapCodes', width: 1 },
  { id: 9, name: 'sourceMachine', width: 4 },
  { id: 10, name: 'sourceWasm', width: 4 },
] as const;

export type SectionName = (typeof SECTIONS)[number]['name'];

export function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** Header length for a given encoded version string. */
export function headerLengthFor(versionBytes: number): number {
  return align(OFF.version + 1 + versionBytes, 4) + 4 + SECTIONS.length * 8;
}
