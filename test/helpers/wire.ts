import { type IncomingHttpHeaders, request } from 'node:http';

export interface WireAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One request over a real socket, and the answer as a client sees it: status, headers and the
 * body's bytes as they came (compressed if they were). app.inject() skips the socket, where a kept
 * answer is written by the response cache itself.
 */
export function overTheWire(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}
