// The pages every public service needs: accessibility statement, privacy notice and cookies. The accessibility
// statement gives each area's lead council as the place to report a problem, from its stored contact details.
import type { FastifyInstance } from 'fastify';
import { canBeContacted, contactLines } from '../../domain/organisation-contacts.ts';
import { leadCouncilContacts } from '../../records/organisation-contacts.ts';
import type { Services } from '../../services.ts';
import { infoPagePaths } from './paths.ts';

const pages = [
  { path: infoPagePaths.privacy, template: 'info-pages/privacy.njk', title: 'Privacy notice' },
  { path: infoPagePaths.cookies, template: 'info-pages/cookies.njk', title: 'Cookies' },
] as const;

export function infoPageRoutes(app: FastifyInstance, services: Services): void {
  for (const page of pages) {
    app.get(page.path.pattern, { config: { access: 'public' } }, (_request, reply) => reply.render(page.template, { pageTitle: page.title }));
  }

  app.get(infoPagePaths.accessibility.pattern, { config: { access: 'public' } }, async (_request, reply) => {
    // Opening hours alone reach no one, so a council is listed only with a way to get in touch.
    // The statement is for anyone, so its contact lines use the plainer labels ("When you can call", "Write to").
    const councils = (await leadCouncilContacts(services.db)).filter(canBeContacted).map((council) => ({ areaName: council.areaName, name: council.name, lines: contactLines(council, true) }));
    return reply.render('info-pages/accessibility.njk', { pageTitle: 'Accessibility statement', councils });
  });
}
