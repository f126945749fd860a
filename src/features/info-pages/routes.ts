// The pages every public service needs: accessibility statement, privacy notice and cookies.
import type { FastifyInstance } from 'fastify';
import { infoPagePaths } from './paths.ts';

const pages = [
  { path: infoPagePaths.accessibility, template: 'info-pages/accessibility.njk', title: 'Accessibility statement' },
  { path: infoPagePaths.privacy, template: 'info-pages/privacy.njk', title: 'Privacy notice' },
  { path: infoPagePaths.cookies, template: 'info-pages/cookies.njk', title: 'Cookies' },
] as const;

export function infoPageRoutes(app: FastifyInstance): void {
  for (const page of pages) {
    app.get(page.path.pattern, { config: { access: 'public' } }, (_request, reply) => reply.render(page.template, { pageTitle: page.title }));
  }
}
