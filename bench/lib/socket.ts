/**
 * A minimal WebSocket client (RFC 6455) for the load generator: thousands of sockets driven from one
 * core, where the `ws` client's stream machinery cost more CPU than the servers under test.
 * Binary messages only; frames from the server are read inline from the TCP data; frames to the
 * server are masked (required of clients) with an all-zero key, which leaves the payload as it is
 * (any key is valid, and servers cannot tell). Pings are answered; fragmented messages are joined.
 */
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import net from "node:net";

const OPEN = 1;
const CLOSED = 3;

export class LightSocket extends EventEmitter {
  static readonly OPEN = OPEN;
  readyState = 0;
  private readonly socket: net.Socket;
  private handshake: Buffer | null = Buffer.alloc(0);
  private chunks: Buffer[] = [];
  private buffered = 0;
  private fragments: Buffer[] = [];
  private closeCode = 1006;

  constructor(url: string, headers: Record<string, string> = {}) {
    super();
    const target = new URL(url);
    const port = Number(target.port || 80);
    this.socket = net.connect({ host: target.hostname, port, noDelay: true });
    this.socket.on("connect", () => {
      const lines = [
        `GET ${target.pathname}${target.search} HTTP/1.1`,
        `Host: ${target.host}`,
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`,
        "Sec-WebSocket-Version: 13",
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      ];
      this.socket.write(`${lines.join("\r\n")}\r\n\r\n`);
    });
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
    this.socket.on("error", (error) => this.emit("error", error));
    this.socket.on("close", () => {
      const wasOpen = this.readyState === OPEN;
      this.readyState = CLOSED;
      if (wasOpen || this.handshake === null) this.emit("close", this.closeCode);
      else this.emit("error", new Error("connection closed during the handshake"));
    });
  }

  private onData(chunk: Buffer) {
    if (this.handshake !== null) {
      const data = Buffer.concat([this.handshake, chunk]);
      const end = data.indexOf("\r\n\r\n");
      if (end < 0) {
        this.handshake = data;
        return;
      }
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(data.subarray(0, end).toString("latin1"))?.[1] ?? 0);
      this.handshake = null;
      if (status !== 101) {
        this.emit("error", new Error(`upgrade refused with HTTP ${status}`));
        this.socket.destroy();
        return;
      }
      this.readyState = OPEN;
      this.emit("open");
      chunk = data.subarray(end + 4);
      if (chunk.length === 0) return;
    }
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.parse();
  }

  /** Reads every complete frame buffered so far. */
  private parse() {
    while (this.buffered >= 2) {
      let head = this.chunks[0]!;
      if (head.length < 14 && this.chunks.length > 1) head = this.flatten();
      const first = head[0]!;
      const second = head[1]!;
      let length = second & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffered < 4) return;
        if (head.length < 4) head = this.flatten();
        length = head.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffered < 10) return;
        if (head.length < 10) head = this.flatten();
        length = Number(head.readBigUInt64BE(2));
        offset = 10;
      }
      if (second & 0x80) offset += 4; // servers do not mask, but be lenient
      if (this.buffered < offset + length) return;
      if (head.length < offset + length) head = this.flatten();
      const payload = head.subarray(offset, offset + length);
      const rest = head.subarray(offset + length);
      if (rest.length) this.chunks[0] = rest;
      else this.chunks.shift();
      this.buffered -= offset + length;
      this.frame(first & 0x80, first & 0x0f, payload);
      if (this.readyState !== OPEN) return;
    }
  }

  private flatten(): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks = [all];
    return all;
  }

  private frame(fin: number, opcode: number, payload: Buffer) {
    if (opcode === 0x0 || opcode === 0x1 || opcode === 0x2) {
      if (!fin) {
        this.fragments.push(Buffer.from(payload));
        return;
      }
      let message = payload;
      if (this.fragments.length) {
        this.fragments.push(payload);
        message = Buffer.concat(this.fragments);
        this.fragments = [];
      }
      this.emit("message", message);
    } else if (opcode === 0x8) {
      this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      this.write(0x8, payload.subarray(0, 2));
      this.readyState = CLOSED;
      this.socket.end();
    } else if (opcode === 0x9) {
      this.write(0xa, payload);
    }
  }

  private write(opcode: number, payload: Uint8Array) {
    const length = payload.length;
    const headerLength = length < 126 ? 6 : length < 65536 ? 8 : 14;
    const frame = Buffer.allocUnsafe(headerLength + length);
    frame[0] = 0x80 | opcode;
    if (length < 126) {
      frame[1] = 0x80 | length;
    } else if (length < 65536) {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(length, 2);
    } else {
      frame[1] = 0x80 | 127;
      frame.writeBigUInt64BE(BigInt(length), 2);
    }
    frame.writeUInt32BE(0, headerLength - 4); // the all-zero masking key
    frame.set(payload, headerLength);
    this.socket.write(frame);
  }

  send(payload: Uint8Array) {
    if (this.readyState === OPEN) this.write(0x2, payload);
  }

  /** Drops the connection at once (no closing handshake). */
  terminate() {
    this.readyState = CLOSED;
    this.socket.destroy();
  }
}
