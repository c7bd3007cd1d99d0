import { apiErrorFromResponse, badResponseError, networkError } from './ApiError.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface JsonAnswer {
  status: number;
  ok: boolean;
  /** The parsed JSON body; undefined when the answer had none (204) or was not JSON. */
  body: unknown;
  headers: Headers;
}

/** One HTTP exchange with the API; a failure to reach it becomes an ApiError (NETWORK_ERROR). */
export async function requestJson(fetchImpl: FetchLike, url: string, init: RequestInit): Promise<JsonAnswer> {
  let response: Response;
  try {
    response = await fetchImpl(url, { credentials: 'same-origin', ...init });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError(error);
  }
  const type = response.headers.get('content-type') ?? '';
  let body: unknown;
  if (response.status !== 204 && type.includes('json')) {
    try {
      body = await response.json();
    } catch (error) {
      throw badResponseError(response.status, error);
    }
  }
  return { status: response.status, ok: response.ok, body, headers: response.headers };
}

/** A JSON answer that must be a success; anything else is thrown as the ApiError it stands for. */
export function expectOk(answer: JsonAnswer): unknown {
  if (!answer.ok) throw apiErrorFromResponse(answer.status, answer.body);
  if (answer.body === undefined) throw badResponseError(answer.status);
  return answer.body;
}
