// Typed URL paths: one pattern declared once serves as the route pattern and builds every link to it, so a link can
// neither drift from its route nor miss a parameter. Each feature keeps its own in `features/<name>/paths.ts`.

/** A parameter's name ends at the next slash or dot, as in Fastify (`:configurationId.json`). */
type NameOf<Param extends string> = Param extends `${infer Name}.${string}` ? Name : Param;

type ParamNames<Pattern extends string> = Pattern extends `${string}:${infer Param}/${infer Rest}`
  ? NameOf<Param> | ParamNames<`/${Rest}`>
  : Pattern extends `${string}:${infer Param}`
    ? NameOf<Param>
    : never;

export type PathParams<Pattern extends string> = { [Name in ParamNames<Pattern>]: string };

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface TypedPath<Pattern extends string> {
  /** The route pattern, e.g. `/people/:personId`. */
  readonly pattern: Pattern;
  /** The link, with each parameter filled in (encoded) and an optional query string. */
  (...args: ParamNames<Pattern> extends never ? [params?: Record<string, never>, query?: Query] : [params: PathParams<Pattern>, query?: Query]): string;
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== false) search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function path<Pattern extends string>(pattern: Pattern): TypedPath<Pattern> {
  const build = (params: Record<string, string> = {}, query?: Query) => {
    const filled = pattern.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
      const value = params[name];
      if (value === undefined || value === '') throw new Error(`Path ${pattern} needs ${name}`);
      return encodeURIComponent(value);
    });
    return filled + queryString(query);
  };
  return Object.assign(build, { pattern }) as unknown as TypedPath<Pattern>;
}

/** Pages every feature links to: the home page, signing in and out, and the security-code steps. */
export const sitePaths = {
  home: path('/'),
  signIn: path('/sign-in'),
  signOut: path('/sign-out'),
  signedOut: path('/signed-out'),
  securityCode: path('/sign-in/security-code'),
  mfaSetUp: path('/account/security-code/set-up'),
};
