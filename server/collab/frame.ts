/** The bytes of lib0's `writeVarUint` for a length (message prefixes are built without an encoder). */
export function varUintBytes(value: number): number[] {
  const bytes: number[] = [];
  writeVarUint(bytes, 0, value);
  return bytes;
}

/** How many bytes lib0's `writeVarUint` writes for a value. */
export function varUintLength(value: number): number {
  let length = 1;
  while (value > 0x7f) {
    value = Math.floor(value / 128);
    length += 1;
  }
  return length;
}

/**
 * Writes lib0's `writeVarUint` bytes of a value at `offset` (a byte array with room for
 * `varUintLength`, or a plain array, which grows); returns the offset after them.
 */
export function writeVarUint(target: Uint8Array | number[], offset: number, value: number): number {
  while (value > 0x7f) {
    target[offset++] = 0x80 | (value & 0x7f);
    value = Math.floor(value / 128);
  }
  target[offset++] = value;
  return offset;
}

/**
 * A message as one binary WebSocket frame (server frames are not masked): built once per message
 * however many sockets it goes to, and written to each socket in one write (see `sendFrame`).
 * The message is `prefix` (a few leading bytes: message type, length) then `payload`, copied once,
 * straight into the frame. `kept`: the frame will be held for long (a room's cached whole state),
 * not just written.
 */
export function binaryFrame(payload: Uint8Array, { kept = false, prefix = noPrefix }: { kept?: boolean; prefix?: readonly number[] } = {}): Buffer {
  const length = prefix.length + payload.length;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  // A frame kept for long (a room's whole state) gets memory of its own: a small one from Node's
  // shared pool would hold the rest of that 8 KB slab for as long.
  const frame = kept ? Buffer.allocUnsafeSlow(headerLength + length) : Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x82; // FIN, binary
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  for (let index = 0; index < prefix.length; index++) frame[headerLength + index] = prefix[index]!;
  frame.set(payload, headerLength + prefix.length);
  return frame;
}

const noPrefix: readonly number[] = [];
