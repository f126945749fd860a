// The region, area and organisation pages' paths: routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const tenancyPaths = {
  areas: path('/admin/areas'),
  newRegion: path('/admin/regions/new'),
  newArea: path('/admin/areas/new'),
  area: path('/admin/areas/:areaId'),
  newAreaOrganisation: path('/admin/areas/:areaId/organisations/new'),
  newRegionOrganisation: path('/admin/regions/:regionId/organisations/new'),
  organisations: path('/admin/organisations'),
  organisationContacts: path('/admin/organisations/:organisationId/contacts'),
};
