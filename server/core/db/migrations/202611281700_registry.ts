import type { ZxMigration } from '../migration-kit';
import { bigint, withId } from '../migration-kit';

/** The registry: households, residents, tags, events, relocation, training, imports. */
export const migration: ZxMigration = {
  async up(db, dialect) {
    const big = bigint(dialect);
    await withId(db.schema.createTable('households'), dialect)
      .addColumn('town_code', 'text', (c) => c.notNull())
      .addColumn('village_code', 'text', (c) => c.notNull().references('org_nodes.code'))
      .addColumn('group_code', 'text', (c) => c.references('org_nodes.code'))
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('kind', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('head_resident_id', big)
      .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('import_id', big)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('households_town_number', ['town_code', 'number'])
      .execute();
    await db.schema
      .createIndex('households_org')
      .on('households')
      .columns(['org_code', 'status', 'id'])
      .execute();

    await withId(db.schema.createTable('residents'), dialect)
      .addColumn('household_id', big, (c) => c.notNull().references('households.id'))
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('village_code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_initials', 'text', (c) => c.notNull())
      .addColumn('id_number', 'text', (c) => c.notNull().unique())
      .addColumn('id_rev', 'text', (c) => c.notNull())
      .addColumn('gender', 'text', (c) => c.notNull())
      .addColumn('birth_date', 'text', (c) => c.notNull())
      .addColumn('relation', 'text', (c) => c.notNull())
      .addColumn('phone', 'text')
      .addColumn('phone_rev', 'text')
      .addColumn('ethnicity', 'text')
      .addColumn('education', 'text')
      .addColumn('political', 'text')
      .addColumn('occupation', 'text')
      .addColumn('employment', 'text')
      .addColumn('employment_place', 'text')
      .addColumn('health', 'text')
      .addColumn('note', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // Scope range, then the list order (org, household, id): pages and counts use it as a covering index.
    await db.schema
      .createIndex('residents_org')
      .on('residents')
      .columns(['org_code', 'status', 'household_id', 'id'])
      .execute();
    await db.schema.createIndex('residents_household').on('residents').columns(['household_id']).execute();
    await db.schema
      .createIndex('residents_initials')
      .on('residents')
      .columns(['name_initials', 'id'])
      .execute();
    await db.schema.createIndex('residents_name').on('residents').columns(['name', 'id']).execute();
    await db.schema.createIndex('residents_id_rev').on('residents').columns(['id_rev']).execute();
    await db.schema.createIndex('residents_phone_rev').on('residents').columns(['phone_rev']).execute();
    await db.schema
      .createIndex('residents_birth')
      .on('residents')
      .columns(['village_code', 'birth_date'])
      .execute();

    await withId(db.schema.createTable('resident_tags'), dialect)
      .addColumn('resident_id', big, (c) => c.notNull().references('residents.id'))
      .addColumn('village_code', 'text', (c) => c.notNull())
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('grade', 'integer')
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('end_date', 'text')
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .execute();
    await db.schema
      .createIndex('resident_tags_resident')
      .on('resident_tags')
      .columns(['resident_id'])
      .execute();
    await db.schema
      .createIndex('resident_tags_village')
      .on('resident_tags')
      .columns(['village_code', 'tag', 'end_date'])
      .execute();
    await db.schema
      .createIndex('resident_tags_tag')
      .on('resident_tags')
      .columns(['tag', 'org_code'])
      .execute();

    await withId(db.schema.createTable('household_events'), dialect)
      .addColumn('household_id', big, (c) => c.notNull().references('households.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('event_date', 'text', (c) => c.notNull())
      .addColumn('resident_id', big)
      .addColumn('other_household_id', big)
      .addColumn('detail', 'text')
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('household_events_household')
      .on('household_events')
      .columns(['household_id', 'id'])
      .execute();

    await withId(db.schema.createTable('relocations'), dialect)
      .addColumn('household_id', big, (c) => c.notNull().unique().references('households.id'))
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('from_place', 'text', (c) => c.notNull())
      .addColumn('to_place', 'text', (c) => c.notNull())
      .addColumn('planned_date', 'text')
      .addColumn('done_date', 'text')
      .addColumn('note', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('relocations_org')
      .on('relocations')
      .columns(['org_code', 'status'])
      .execute();

    await withId(db.schema.createTable('trainings'), dialect)
      .addColumn('resident_id', big, (c) => c.notNull().references('residents.id'))
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('course', 'text', (c) => c.notNull())
      .addColumn('organizer', 'text')
      .addColumn('certificate', 'text')
      .addColumn('certificate_no', 'text')
      .addColumn('training_date', 'text', (c) => c.notNull())
      .addColumn('hours', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('trainings_resident').on('trainings').columns(['resident_id']).execute();
    await db.schema.createIndex('trainings_org').on('trainings').columns(['org_code']).execute();

    await withId(db.schema.createTable('registry_imports'), dialect)
      .addColumn('town_code', 'text', (c) => c.notNull())
      .addColumn('scope_code', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('file_sha256', 'text', (c) => c.notNull())
      .addColumn('file_path', 'text', (c) => c.notNull())
      .addColumn('report_path', 'text')
      .addColumn('dry_run', 'integer', (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('phase', 'text')
      .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('summary', 'text')
      .addColumn('created_by', big, (c) => c.notNull())
      .addColumn('created_by_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema
      .createIndex('registry_imports_scope')
      .on('registry_imports')
      .columns(['scope_code', 'id'])
      .execute();
  },

  async down(db) {
    for (const t of [
      'registry_imports',
      'trainings',
      'relocations',
      'household_events',
      'resident_tags',
      'residents',
      'households',
    ]) {
      await db.schema.dropTable(t).execute();
    }
  },
};
