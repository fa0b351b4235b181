import { createRequire } from "node:module";
import type { Writable } from "node:stream";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import { binaryFrame, varUintBytes, varUintLength, writeVarUint } from "./frame";

// ws's frame parser (exported at run time, not in its type declarations).
const { Receiver } = createRequire(import.meta.url)("ws") as { Receiver: new (options: { isServer: boolean; maxPayload: number }) => Writable };

describe("binaryFrame", () => {
  it("makes frames that ws's own parser reads back as the same binary messages, at every header size", async () => {
    const sizes = [0, 1, 125, 126, 127, 65535, 65536, 1024 * 1024 + 3];
    const payloads = sizes.map((size) => Uint8Array.from({ length: size }, (_unused, at) => (at * 31 + size) & 0xff));
    // A client's receiver (frames from a server are not masked), fed all frames in one stream.
    const receiver = new Receiver({ isServer: false, maxPayload: 0 });
    const received: { data: Buffer; isBinary: boolean }[] = [];
    receiver.on("message", (data: Buffer, isBinary: boolean) => received.push({ data, isBinary }));
    const errors: Error[] = [];
    receiver.on("error", (error: Error) => errors.push(error));
    const stream = Buffer.concat(payloads.map((payload) => binaryFrame(payload)));
    // In uneven pieces, as a socket would deliver them.
    for (let at = 0; at < stream.length; at += 7919) receiver.write(stream.subarray(at, at + 7919));
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
    expect(received.map((message) => message.isBinary)).toEqual(sizes.map(() => true));
    expect(received.map((message) => message.data.length)).toEqual(sizes);
    received.forEach((message, index) => expect(message.data.equals(Buffer.from(payloads[index]!))).toBe(true));
  });

  it("puts a prefix before the payload, the length counting both, across the header sizes", async () => {
    // Lengths that cross a header size only with the prefix counted (123 + 3 = 126, 65533 + 3 = 65536).
    const sizes = [0, 122, 123, 124, 65532, 65533, 65534];
    const payloads = sizes.map((size) => Uint8Array.from({ length: size }, (_unused, at) => (at * 7 + size) & 0xff));
    const prefixes = sizes.map((size) => [0, 2, ...varUintBytes(size)].slice(0, 3));
    const receiver = new Receiver({ isServer: false, maxPayload: 0 });
    const received: Buffer[] = [];
    receiver.on("message", (data: Buffer) => received.push(data));
    const errors: Error[] = [];
    receiver.on("error", (error: Error) => errors.push(error));
    for (const [index, payload] of payloads.entries()) receiver.write(binaryFrame(payload, { prefix: prefixes[index]! }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
    received.forEach((message, index) => expect(message.equals(Buffer.concat([Buffer.from(prefixes[index]!), payloads[index]!]))).toBe(true));
    expect(received).toHaveLength(sizes.length);
  });
});

describe("varUintBytes, varUintLength, writeVarUint", () => {
  it("write what lib0's writeVarUint writes", () => {
    const values = [0, 1, 127, 128, 255, 16383, 16384, 2 ** 21 - 1, 2 ** 21, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER];
    for (const value of values) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, value);
      const expected = [...encoding.toUint8Array(encoder)];
      expect(varUintBytes(value)).toEqual(expected);
      expect(varUintLength(value)).toBe(expected.length);
      // Written after two bytes already there, into exactly the room it needs.
      const target = new Uint8Array(2 + expected.length).fill(0xee);
      expect(writeVarUint(target, 2, value)).toBe(target.length);
      expect([...target]).toEqual([0xee, 0xee, ...expected]);
    }
  });
});
