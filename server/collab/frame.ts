/**
 * A message as one binary WebSocket frame (server frames are not masked): built once per message
 * however many sockets it goes to, and written to each socket in one write (see `sendFrame`).
 * `kept`: the frame will be held for long (a room's cached whole state), not just written.
 */
export function binaryFrame(payload: Uint8Array, { kept = false } = {}): Buffer {
  const length = payload.length;
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
  frame.set(payload, headerLength);
  return frame;
}
