/**
 * Reads a whole byte stream as UTF-8 text with a streaming TextDecoder. Takes a web ReadableStream
 * (Deno.stdin.readable) or any iterable, sync or async, of byte chunks (Node's process.stdin, which yields Buffers:
 * iterating it directly spares Node loading its web streams at start-up). Invalid UTF-8 is an error, as the KRM spec
 * requires UTF-8.
 */
export async function readAllText(stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const append = (text: string, chunk: Uint8Array): string => text + decoder.decode(chunk, { stream: true });
  try {
    const text = isReadableStream(stream) ? await readStream(stream, append) : await readIterable(stream, append);
    return text + decoder.decode();
  } catch (error) {
    if (error instanceof TypeError && /decode|encoded/i.test(error.message)) throw new TypeError('Cannot read input: it is not valid UTF-8');
    throw error;
  }
}

type Append = (text: string, chunk: Uint8Array) => string;

function isReadableStream(stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array>): stream is ReadableStream<Uint8Array> {
  return typeof (stream as Partial<ReadableStream<Uint8Array>>).getReader === 'function';
}

async function readStream(stream: ReadableStream<Uint8Array>, append: Append): Promise<string> {
  const reader = stream.getReader();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text = append(text, value);
    }
  } finally {
    reader.releaseLock();
  }
  return text;
}

async function readIterable(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, append: Append): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text = append(text, chunk);
  return text;
}
