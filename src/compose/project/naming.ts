/**
 * Compose v2's object names, so a project made by either tool is the same
 * project: containers `project-service-N`, one-off `project-service-run-<hex>`;
 * networks and volumes carry the engine names the loader resolved
 * (`project_default`, `project_data`, or a `name:`/`external` one).
 */
import { randomBytes } from 'node:crypto';
import type { Project, ServiceConfig } from '../types.js';

export function containerName(project: string, service: ServiceConfig, number: number): string {
  return service.container_name ?? `${project}-${service.name}-${number}`;
}

export function oneoffName(project: string, service: string): string {
  return `${project}-${service}-run-${randomBytes(6).toString('hex')}`;
}

/** The image a service runs: its `image`, else the one `build` makes (`project-service`). */
export function serviceImage(project: Project, service: ServiceConfig): string {
  return service.image ?? `${project.name}-${service.name}`;
}

/** A container's name as the API lists it (`/p-web-1`), without the slash. */
export function plainName(names: readonly string[] | string): string {
  const first = typeof names === 'string' ? names : (names[0] ?? '');
  return first.replace(/^\//, '');
}
