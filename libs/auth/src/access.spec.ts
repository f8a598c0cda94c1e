import { describe, expect, it } from '@jest/globals';
import {
  AccessDeniedError,
  type Actor,
  Permission,
  requireAccess,
  Role,
  ROLE_PERMISSIONS,
} from './access.js';

const actor = (role: Role): Actor => ({ userId: 'u', agencyId: 'gdi', role });

describe('requireAccess', () => {
  it.each(Object.values(Role).flatMap((role) => Object.values(Permission).map((p) => [role, p] as const)))(
    '%s / %s follows the role table',
    (role, permission) => {
      const check = () => requireAccess({ actor: actor(role), permission });
      if (ROLE_PERMISSIONS[role].has(permission)) expect(check).not.toThrow();
      else expect(check).toThrow(new AccessDeniedError(permission, `role ${role} may not ${permission}`));
    },
  );

  it('lets only coordinators plan, join and close operations', () => {
    const planners = Object.values(Role).filter((r) => ROLE_PERMISSIONS[r].has(Permission.OperationPlan));
    expect(planners).toEqual([Role.Coordinator]);
  });

  it('gives analysts and auditors nothing that writes, and admins only projection management', () => {
    const reads = [
      Permission.RecordsRead,
      Permission.ReferenceDataRead,
      Permission.StatisticsRead,
      Permission.AuditRead,
    ].sort();
    expect([...ROLE_PERMISSIONS[Role.Analyst]].sort()).toEqual(reads);
    // The auditor reads everything, identities and restricted records included, and the access log.
    expect([...ROLE_PERMISSIONS[Role.Auditor]].sort()).toEqual(
      [...reads, Permission.PersonRead, Permission.RestrictedReadAll, Permission.AccessLogRead].sort(),
    );
    expect([...ROLE_PERMISSIONS[Role.Admin]].sort()).toEqual(
      [
        ...reads,
        Permission.ProjectionsManage,
        Permission.AccessLogRead,
        Permission.ReferenceDataManage,
      ].sort(),
    );
  });

  it('keeps identities from analysts, and erasure to coordinators', () => {
    const readers = Object.values(Role).filter((r) => ROLE_PERMISSIONS[r].has(Permission.PersonRead));
    expect(readers).toEqual([Role.Officer, Role.Coordinator, Role.Auditor]);
    const erasers = Object.values(Role).filter((r) => ROLE_PERMISSIONS[r].has(Permission.PersonErase));
    expect(erasers).toEqual([Role.Coordinator]);
  });

  it('refuses a role it does not know', () => {
    expect(() =>
      requireAccess({
        actor: { ...actor(Role.Officer), role: 'root' as Role },
        permission: Permission.RecordsRead,
      }),
    ).toThrow(AccessDeniedError);
  });
});
