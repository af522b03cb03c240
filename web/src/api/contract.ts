/** Types of the authentication, users and storefront endpoints, from the generated OpenAPI types. */
import type { paths } from './openapi';
import type { Schemas } from './client';

export type Session = Schemas['Me'];
export type SessionUser = Schemas['User'];
export type StaffUser = Schemas['User'];
export type Role = SessionUser['role'];
export const ROLES: Role[] = ['owner', 'sales', 'warehouse', 'accounts', 'viewer'];
export type PublicProduct = Schemas['PublicProduct'];
export type PublicCatalog = paths['/api/v1/public/catalog']['get']['responses'][200]['content']['application/json'];
