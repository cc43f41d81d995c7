/**
 * Reads a whole byte stream as UTF-8 text with a streaming TextDecoder (works on Deno.stdin.readable and on
 * Readable.toWeb(process.stdin)). Invalid UTF-8 is an error, as the KRM spec requires UTF-8.
 */
export async function readAllText(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = stream.getReader();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  } catch (error) {
    if (error instanceof TypeError && /decode|encoded/i.test(error.message)) throw new TypeError('Cannot read input: it is not valid UTF-8');
    throw error;
  } finally {
    reader.releaseLock();
  }
  return text;
}
