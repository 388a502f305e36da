import { sql } from 'kysely';

/**
 * The family names of the people on the case in the query as `cases`, for lists that name cases beside
 * their references ("WA-000123, Demo-Hallam"). None for a restricted case: its name is not shown in lists.
 */
export const caseFamilies = sql<string | null>`case when cases.restricted then null else (select string_agg(distinct p.family_name, ', ') from case_members m join people p on p.id = m.person_id where m.case_id = cases.id) end`;
