import { createRequire } from "node:module";
import type { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { binaryFrame } from "./frame";

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
});
