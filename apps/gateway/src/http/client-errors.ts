import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { SesameError } from '@sesame/domain';
import { errorBody } from './error-body';

/**
 * Requests Node's HTTP parser refuses before Fastify routes them (a NUL or bare line break in a
 * header, headers over the size limit, a request that never finishes arriving) get the same error
 * body as every other refusal, instead of Fastify's own `{error, message, statusCode}`. The
 * connection is closed after the answer: once the parser has failed, the rest of the stream
 * cannot be framed into requests.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const error = clientError(err.code);
  if (socket.writable) {
    const body = JSON.stringify(errorBody(error));
    socket.write(
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

function clientError(code: string | undefined): SesameError {
  if (code === 'HPE_HEADER_OVERFLOW') return new SesameError('headers_too_large', 'The request line and headers are too large');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new SesameError('request_timeout', 'The request did not arrive in time');
  return new SesameError('invalid_request', 'The request is not well-formed HTTP');
}
