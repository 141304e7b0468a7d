import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isBrokenPipe, writeChunks, writeFileChunks } from '../../src/cli/write-report.js';
import { joinChunks } from '../../src/reporters/stream.js';

/** A writable that takes a while for each write and has a tiny buffer, so the writer must wait for 'drain'. */
function slowSink(fail?: number): { sink: Writable; text: () => string; waits: () => number } {
  const parts: string[] = [];
  let writes = 0;
  let waits = 0;
  const sink = new Writable({
    highWaterMark: 1024,
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      writes++;
      setTimeout(() => {
        if (fail !== undefined && writes >= fail) callback(new Error('disk full'));
        else {
          parts.push(chunk);
          callback();
        }
      }, 1);
    },
  });
  const write = sink.write.bind(sink);
  sink.write = ((chunk: string) => {
    const ok = write(chunk);
    if (!ok) waits++;
    return ok;
  }) as typeof sink.write;
  return { sink, text: () => parts.join(''), waits: () => waits };
}

describe('writeChunks', () => {
  const chunks = (): Generator<string> =>
    (function* () {
      for (let i = 0; i < 20_000; i++) yield `{"i": ${i}, "pad": "${'p'.repeat(20)}"},\n`;
    })();

  it('waits for drain when the stream is full and writes every chunk in order', async () => {
    const { sink, text, waits } = slowSink();
    await writeChunks(chunks(), sink);
    await new Promise<void>((resolve) => sink.end(resolve));
    expect(text()).toBe(joinChunks(chunks()));
    expect(waits()).toBeGreaterThan(0);
  });

  it('rejects with the stream error and stops pulling chunks', async () => {
    const { sink } = slowSink(2);
    let pulled = 0;
    const counted = (function* () {
      for (const chunk of chunks()) {
        pulled++;
        yield chunk;
      }
    })();
    await expect(writeChunks(counted, sink)).rejects.toThrow('disk full');
    expect(pulled).toBeLessThan(20_000);
  });

  it('rejects instead of waiting forever when the stream is destroyed without an error while full', async () => {
    const sink = new Writable({ highWaterMark: 16, decodeStrings: false, write: () => undefined });
    const writing = writeChunks(chunks(), sink);
    setTimeout(() => sink.destroy(), 5);
    await expect(writing).rejects.toThrow(/closed/);
  });

  it('tells a closed pipe (EPIPE) from other write errors', () => {
    expect(isBrokenPipe(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(true);
    expect(isBrokenPipe(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe(false);
    expect(isBrokenPipe(new Error('EPIPE'))).toBe(false);
    expect(isBrokenPipe(undefined)).toBe(false);
  });

  it('writeFileChunks writes the whole text to a file and rejects when it cannot', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-write-'));
    const file = path.join(folder, 'report.json');
    await writeFileChunks(file, chunks());
    expect(await readFile(file, 'utf8')).toBe(joinChunks(chunks()));
    await expect(writeFileChunks(folder, chunks())).rejects.toThrow(/EISDIR/);
    await expect(writeFileChunks(path.join(folder, 'missing', 'report.json'), chunks())).rejects.toThrow(/ENOENT/);
  });
});
