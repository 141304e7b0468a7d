/**
 * Writing a report as it is produced: chunks from `Reporter.chunks` go to standard output or a
 * file in pieces of about 64 KiB, waiting for `drain` whenever the stream is full, so a report of
 * any size is written with bounded extra memory however slow the reader.
 */
import { createWriteStream } from 'node:fs';
import { batched } from '../reporters/stream.js';

/** Where chunks go: a Node writable stream (a file, standard output). */
export interface ChunkSink {
  write(chunk: string): boolean;
  once(event: 'drain' | 'error' | 'close', listener: (...args: unknown[]) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  off(event: 'drain' | 'error' | 'close', listener: (...args: unknown[]) => void): unknown;
}

/**
 * Whether an error is the reader of a pipe having gone away (EPIPE), as in
 * `azvmsec scan . --format json | head -1`: not a failure of azvmsec, nothing more to write.
 */
export function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EPIPE';
}

/**
 * Writes the chunks to a stream in pieces of about 64 KiB, waiting for `drain` whenever the stream
 * is full, so memory stays bounded however slow the reader; rejects on the stream's first error.
 * Does not end the stream.
 */
export async function writeChunks(chunks: Iterable<string>, sink: ChunkSink): Promise<void> {
  let failure: { error: unknown } | undefined;
  const onError = (error: unknown): void => {
    failure ??= { error };
  };
  sink.on('error', onError);
  try {
    for (const piece of batched(chunks)) {
      if (failure) throw failure.error;
      if (!sink.write(piece)) await drained(sink);
    }
    if (failure) throw failure.error;
  } finally {
    sink.off('error', onError);
  }
}

/** Resolves on `drain`; rejects on `error`, or on `close` (a destroyed stream never drains). */
function drained(sink: ChunkSink): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (failure?: { error: unknown }): void => {
      sink.off('drain', done);
      sink.off('error', failed);
      sink.off('close', closed);
      if (failure) reject(failure.error);
      else resolve();
    };
    const done = (): void => settle();
    const failed = (error: unknown): void => settle({ error });
    const closed = (): void => settle({ error: new Error('the output stream closed before the report was written') });
    sink.once('drain', done);
    sink.once('error', failed);
    sink.once('close', closed);
  });
}

/**
 * What a report file's stream holds before `write` asks to wait: a few 64 KiB pieces, so that the
 * next ones are built while the file system writes. With the default 16 KiB every piece waited for
 * its own write (50,000-VM JSON report: 21.5–24.2 s, of it 7.8–8.6 s waiting; with 256 KiB
 * 15.7–18.3 s). Much more is worse: written pieces held longer as buffers outside the heap brought
 * full collections of a heap of gigabytes (4 MiB: 33.7 s).
 */
const FILE_BUFFER_BYTES = 256 * 1024;

/** Writes a report to a file as it is produced, honouring back-pressure; rejects on the first write error. */
export async function writeFileChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const stream = createWriteStream(file, { encoding: 'utf8', highWaterMark: FILE_BUFFER_BYTES });
  try {
    await writeChunks(chunks, stream);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  stream.end();
  // Loaded here rather than at start-up: a scan that writes no file does not need it.
  const { finished } = await import('node:stream/promises');
  await finished(stream);
}
