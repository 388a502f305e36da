-- Issue 13, point 3: matching without duplicates.

-- Each part of a family name of more than one part ("Sharma-Mahmood", "Da Silva"), in lower case, so a
-- search for one part finds the record. Kept by a trigger; looked up by equality on a bare column, which
-- stays an index look-up under row-level security (see src/features/people/queries/name-retrieval.ts).
create table person_name_parts (
  tenant_id uuid not null references tenants(id),
  person_id uuid not null references people(id),
  part text not null,
  primary key (tenant_id, part, person_id)
);
create index person_name_parts_person on person_name_parts (person_id);

create function person_name_parts_keep() returns trigger
  language plpgsql
  as $$
begin
  if tg_op = 'UPDATE' then
    if new.family_name is not distinct from old.family_name then return new; end if;
    delete from person_name_parts where person_id = new.id;
  end if;
  if new.family_name ~ '[-[:space:]]' then
    insert into person_name_parts (tenant_id, person_id, part)
      select distinct new.tenant_id, new.id, part
      from unnest(regexp_split_to_array(lower(new.family_name), '[-[:space:]]+')) as part
      where length(part) > 1
      on conflict do nothing;
  end if;
  return new;
end $$;
create trigger people_name_parts after insert or update of family_name on people
  for each row execute function person_name_parts_keep();

insert into person_name_parts (tenant_id, person_id, part)
  select distinct p.tenant_id, p.id, part
  from people p, unnest(regexp_split_to_array(lower(p.family_name), '[-[:space:]]+')) as part
  where p.family_name ~ '[-[:space:]]' and length(part) > 1
  on conflict do nothing;

-- Merging duplicate people. The merged record stays (its id may be named in the audit log and in
-- exports), pointing at the record it was merged into; everything linked to it moves to the kept
-- record. The merge row lists exactly what moved, so undoing it moves exactly that back.
create table person_merges (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  kept_id uuid not null references people(id),
  merged_id uuid not null references people(id),
  reason text not null check (length(reason) between 1 and 1000),
  -- { "table": [ids or keys], ... } of the rows moved, and the rows set aside because the kept record
  -- already had them (the same case membership, relationship or referral child).
  moved jsonb not null,
  -- The kept record's fields the merge changed, as they were before it.
  kept_before jsonb not null,
  merged_by uuid not null references users(id),
  merged_at timestamptz not null default now(),
  undone_by uuid references users(id),
  undone_at timestamptz,
  undo_reason text check (undo_reason is null or length(undo_reason) between 1 and 1000),
  check (kept_id <> merged_id),
  check ((undone_at is null) = (undone_by is null) and (undone_at is null) = (undo_reason is null))
);
create index person_merges_kept on person_merges (tenant_id, kept_id, merged_at desc);
create index person_merges_merged on person_merges (tenant_id, merged_id, merged_at desc);
-- One live merge per merged record.
create unique index person_merges_live on person_merges (merged_id) where undone_at is null;

alter table people add column merged_into uuid references people(id);
alter table people add constraint people_not_merged_into_self check (merged_into is distinct from id);

-- A completed checklist is never changed, except that it follows its subject when two records of one
-- person are merged (or the merge is undone): only person_id may change, and only between the two
-- records of a merge.
create function risk_assessment_refuse_change() returns trigger
  language plpgsql
  as $$
declare
  same risk_assessments;
begin
  if tg_op = 'UPDATE' then
    same := new;
    same.person_id := old.person_id;
    if same is not distinct from old and exists (
      select 1 from person_merges m
      where (m.merged_id = old.person_id and m.kept_id = new.person_id) or (m.kept_id = old.person_id and m.merged_id = new.person_id)
    ) then
      return new;
    end if;
  end if;
  raise exception 'a completed checklist is never changed: record a new one';
end $$;
drop trigger risk_assessments_immutable on risk_assessments;
create trigger risk_assessments_immutable before update or delete on risk_assessments
  for each row execute function risk_assessment_refuse_change();

do $$
declare t text;
begin
  foreach t in array array['person_name_parts', 'person_merges'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t);
  end loop;
end
$$;

grant select, insert, delete on person_name_parts to wraparound_app;
grant delete on marac_referral_children to wraparound_app;
grant select, insert, update on person_merges to wraparound_app;
grant update (person_id) on person_identifiers, case_members, risk_assessments, marac_referral_children, safe_contact_preferences to wraparound_app;
grant update (from_person, to_person) on relationships to wraparound_app;
grant update (person_id, person_causing_harm_id) on marac_referrals to wraparound_app;
