import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { REQUEST_ID_HEADER } from '@ent/kit';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;

/** What the router knows about the incoming request and hands to every subgraph call. */
export interface RouterContext {
  requestId: string;
  /** The incoming `Authorization` header, already verified (or absent). */
  authorization: string | undefined;
  clientIp: string;
  userId: string | undefined;
}

/**
 * Node's own fetch (undici) keeps connections to each subgraph alive and pools them; the gateway's
 * default (make-fetch-happen) is slower. The timeout turns a hung subgraph into an error for that field.
 */
export function keepAliveFetcher(timeoutMs: number): Fetcher {
  return (url: string, init: FetcherRequestInit = {}) =>
    fetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: init.signal ?? AbortSignal.timeout(timeoutMs),
    });
}

/** Forwards the viewer's token, the request id and the client address on every subgraph call. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  override willSendRequest(options: GraphQLDataSourceProcessOptions<RouterContext>): void {
    // Health checks and schema loading carry no incoming request.
    const context = options.context as Partial<RouterContext>;
    const headers = options.request.http?.headers;
    if (!headers || !context.requestId) return;
    headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.clientIp) headers.set('x-forwarded-for', context.clientIp);
    if (context.authorization) headers.set('authorization', context.authorization);
  }
}
