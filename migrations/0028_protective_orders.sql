-- Issue 16, point 5: protective orders on a case. Domestic abuse protection notices (with the hearing
-- deadline worked out when the notice is recorded), domestic abuse protection orders, non-molestation,
-- occupation and restraining orders, bail conditions and child arrangements orders: who is protected, who
-- is bound, the conditions, start, expiry and the court or police force. A variation keeps every earlier
-- version; an order ends, it is never removed. A breach is recorded as a contact (an incident like any
-- other: it counts for the Marac criteria and goes to the case's worker for review), linked here.

-- How many days ahead an order's expiry shows on the worker's home page (a local setting).
create table protective_order_settings (
  tenant_id uuid primary key references tenants(id),
  ending_soon_days integer not null default 28 check (ending_soon_days between 1 and 365),
  updated_by uuid references users(id),
  updated_at timestamptz not null default now()
);

create table protective_orders (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  kind text not null check (kind in ('dapn', 'dapo', 'non-molestation', 'occupation', 'restraining', 'bail-conditions', 'child-arrangements')),
  -- The person who must keep to it (a person on the case).
  bound_person_id uuid not null references people(id),
  -- The court that made it, or the police force that gave it (a notice, bail).
  made_by text not null check (length(made_by) between 1 and 200),
  starts_on date not null,
  -- A notice: when it was given, and when the court must hear the order application by.
  given_at timestamptz,
  hearing_deadline timestamptz,
  -- Null: no expiry, or until further order.
  expires_on date,
  conditions text[] not null check (cardinality(conditions) between 1 and 30),
  -- A place named in the order (an exclusion zone, an address). It may show where a protected person
  -- lives, so it is read as a Confidential and withheld when marked so or when a protected person's
  -- whereabouts are withheld.
  exclusion_zone text check (length(exclusion_zone) between 1 and 500),
  zone_withheld boolean not null default false,
  version integer not null default 1 check (version >= 1),
  ended_on date,
  end_reason text check (end_reason in ('heard', 'discharged', 'replaced', 'withdrawn', 'other')),
  end_note text check (length(end_note) between 1 and 2000),
  ended_by uuid references users(id),
  ended_at timestamptz,
  recorded_by uuid not null references users(id),
  recorded_at timestamptz not null default now(),
  check (kind <> 'dapn' or (given_at is not null and hearing_deadline is not null and expires_on is null)),
  check (expires_on is null or expires_on > starts_on),
  check ((ended_on is null) = (end_reason is null)),
  check (ended_on is null or ended_on >= starts_on)
);
create index protective_orders_case on protective_orders (case_id);
-- The home page's look-ups: orders still running, by expiry and by hearing deadline.
create index protective_orders_running on protective_orders (expires_on) where ended_on is null;

-- Who an order protects (one or more people on the case).
create table protective_order_people (
  tenant_id uuid not null references tenants(id),
  order_id uuid not null references protective_orders(id),
  person_id uuid not null references people(id),
  primary key (order_id, person_id)
);

-- Every version of an order's terms: version 1 as made, then each variation with its date and reason.
create table protective_order_versions (
  tenant_id uuid not null references tenants(id),
  order_id uuid not null references protective_orders(id),
  version integer not null check (version >= 1),
  expires_on date,
  conditions text[] not null,
  exclusion_zone text,
  zone_withheld boolean not null,
  varied_on date,
  reason text check (length(reason) between 1 and 2000),
  saved_by uuid not null references users(id),
  saved_at timestamptz not null default now(),
  primary key (order_id, version),
  check (version = 1 or varied_on is not null)
);

-- A breach of an order: the incident itself is the contact (contacts, contact_people).
create table protective_order_breaches (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  order_id uuid not null references protective_orders(id),
  contact_id uuid not null references contacts(id),
  occurred_at timestamptz not null,
  recorded_by uuid not null references users(id),
  recorded_at timestamptz not null default now(),
  unique (order_id, contact_id)
);
create index protective_order_breaches_order on protective_order_breaches (order_id);

do $$
declare t text;
begin
  foreach t in array array['protective_order_settings', 'protective_orders', 'protective_order_people', 'protective_order_versions', 'protective_order_breaches'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t
    );
  end loop;
end $$;

grant select, insert, update on protective_order_settings, protective_orders to wraparound_app;
grant select, insert on protective_order_people, protective_order_versions, protective_order_breaches to wraparound_app;
