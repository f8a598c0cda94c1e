/** Who is acting: taken from a verified bearer token, never from the request body. */
export interface Actor {
  userId: string;
  agencyId: string;
  role: Role;
}

export enum Role {
  Officer = 'officer',
  Coordinator = 'coordinator',
  Analyst = 'analyst',
  Auditor = 'auditor',
  Admin = 'admin',
}

export enum Permission {
  OperationPlan = 'operation.plan',
  OperationJoin = 'operation.join',
  OperationRecord = 'operation.record',
  OperationClose = 'operation.close',
  CaseOpen = 'case.open',
  CaseSendToCourt = 'case.send-to-court',
  CaseDismiss = 'case.dismiss',
  /** Seal and unseal a case; the domain keeps it to the case's own agency. */
  CaseSeal = 'case.seal',
  /** Grant and revoke need-to-know on a case; the domain keeps it to the case's own agency. */
  CaseGrantAccess = 'case.grant-access',
  DeportationOrder = 'deportation.order',
  DeportationExecute = 'deportation.execute',
  DeportationCancel = 'deportation.cancel',
  RescueReceive = 'rescue.receive',
  RescueInvestigate = 'rescue.investigate',
  RescueRecord = 'rescue.record',
  RescueHandOver = 'rescue.hand-over',
  PersonRegister = 'person.register',
  /** A person's identity; a minor's or a victim's also needs need-to-know (see NeedToKnow). */
  PersonRead = 'person.read',
  PersonErase = 'person.erase',
  RecordsRead = 'records.read',
  /** Restricted records of every case without a grant: the auditor's oversight, logged like any access. */
  RestrictedReadAll = 'restricted.read-all',
  AccessLogRead = 'access-log.read',
  ReferenceDataRead = 'reference-data.read',
  /** Register, rename and retire agencies. */
  ReferenceDataManage = 'reference-data.manage',
  StatisticsRead = 'statistics.read',
  /** Signed tree heads and Merkle proofs: hashes and ids only, no record content. */
  AuditRead = 'audit.read',
  ProjectionsManage = 'projections.manage',
}

const OFFICER: readonly Permission[] = [
  Permission.OperationRecord,
  Permission.CaseOpen,
  Permission.CaseSendToCourt,
  Permission.CaseDismiss,
  Permission.CaseSeal,
  Permission.CaseGrantAccess,
  Permission.DeportationOrder,
  Permission.DeportationExecute,
  Permission.DeportationCancel,
  Permission.RescueReceive,
  Permission.RescueInvestigate,
  Permission.RescueRecord,
  Permission.RescueHandOver,
  Permission.PersonRegister,
  Permission.PersonRead,
  Permission.RecordsRead,
  Permission.ReferenceDataRead,
  Permission.StatisticsRead,
];

const READER: readonly Permission[] = [
  Permission.RecordsRead,
  Permission.ReferenceDataRead,
  Permission.StatisticsRead,
  Permission.AuditRead,
];

/** What each role may do; the agency-level rules (who takes part in what) live in the domain. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  [Role.Officer]: new Set(OFFICER),
  [Role.Coordinator]: new Set([
    ...OFFICER,
    Permission.OperationPlan,
    Permission.OperationJoin,
    Permission.OperationClose,
    Permission.PersonErase,
  ]),
  [Role.Analyst]: new Set(READER),
  [Role.Auditor]: new Set([
    ...READER,
    Permission.PersonRead,
    Permission.RestrictedReadAll,
    Permission.AccessLogRead,
  ]),
  [Role.Admin]: new Set([
    ...READER,
    Permission.ProjectionsManage,
    Permission.AccessLogRead,
    Permission.ReferenceDataManage,
  ]),
};

/** The actor may not do this (HTTP 403). The reason is safe to show to the caller. */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedError';
  constructor(
    readonly permission: Permission,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The one access check every handler starts with. */
export function requireAccess({ actor, permission }: { actor: Actor; permission: Permission }): void {
  if (!ROLE_PERMISSIONS[actor.role]?.has(permission)) {
    throw new AccessDeniedError(permission, `role ${actor.role} may not ${permission}`);
  }
}

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (Object.values(Role) as string[]).includes(value);
