import type { ColumnType } from 'kysely';

/** Column types shared by the table definitions. */

/** Timestamps come back as Date and may be written as Date or ISO text. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Version = ColumnType<number, number | undefined, number>;
export type Flag = ColumnType<boolean, boolean | undefined, boolean>;
export type TextList = ColumnType<string[], string[] | undefined, string[]>;
/** Dates without a time are plain YYYY-MM-DD text in both directions (see database.ts). */
export type DateColumn = string;
