// The JSON-lines protocol with the C# host: events on stdout, commands on stdin ("start", "cancel", and JSON answers
// to requests the runner made, matched by their "request" number).
import { createInterface } from "node:readline";

export class Protocol {
  constructor() {
    this.nextRequest = 1;
    this.pending = new Map();
    this.startWaiters = [];
    this.started = false;
    this.cancelled = false;
    this.cancelListeners = [];
    this.messageListeners = [];
    const lines = createInterface({ input: process.stdin });
    lines.on("line", line => this.onLine(line.trim()));
    lines.on("close", () => this.hostGone());
  }

  emit(event) {
    process.stdout.write(JSON.stringify(event) + "\n");
  }

  onLine(line) {
    if (line === "") return;
    if (line === "start") {
      this.started = true;
      this.startWaiters.splice(0).forEach(resolve => resolve(true));
      return;
    }
    if (line === "cancel") {
      this.cancel();
      return;
    }
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      process.stderr.write(`runner: ignoring unreadable host line: ${line}\n`);
      return;
    }
    if (message.request !== undefined && this.pending.has(message.request)) {
      const resolve = this.pending.get(message.request);
      this.pending.delete(message.request);
      resolve(message);
      return;
    }
    this.messageListeners.forEach(listener => listener(message));
  }

  cancel() {
    if (this.cancelled) return;
    this.cancelled = true;
    this.startWaiters.splice(0).forEach(resolve => resolve(false));
    this.cancelListeners.forEach(listener => listener());
  }

  /** The host closed stdin: cancel, and answer every request still waiting (job slots) as refused. */
  hostGone() {
    this.closed = true;
    this.cancel();
    for (const [id, resolve] of this.pending) {
      this.pending.delete(id);
      resolve({ request: id, cancelled: true });
    }
  }

  onCancel(listener) {
    this.cancelListeners.push(listener);
    if (this.cancelled) listener();
  }

  onMessage(listener) {
    this.messageListeners.push(listener);
  }

  /** Resolves true on "start", false when the run is cancelled before it starts. */
  waitStart() {
    if (this.started) return Promise.resolve(true);
    if (this.cancelled) return Promise.resolve(false);
    return new Promise(resolve => this.startWaiters.push(resolve));
  }

  /** Emits an event carrying a request number and resolves with the host's answer to it. */
  request(event) {
    const id = this.nextRequest++;
    const promise = this.closed
      ? Promise.resolve({ request: id, cancelled: true })
      : new Promise(resolve => {
        this.pending.set(id, resolve);
        this.emit({ ...event, request: id });
      });
    promise.id = id;
    return promise;
  }

  /** Takes back a request the host has not answered yet (the job no longer needs a runner). */
  withdraw(id) {
    const resolve = this.pending.get(id);
    if (!resolve) return;
    this.pending.delete(id);
    this.emit({ event: "job_withdrawn", request: id });
    resolve({ request: id, cancelled: true });
  }
}
