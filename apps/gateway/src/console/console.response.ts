import { CONSOLE_ROLES, ConsoleRoleName, ListConsoleUsersResponse, STATS_WINDOWS, StatsResponse, StatsWindow, ConsoleUserView } from '@sesame/messaging';
import { Bool, Int, Nested, NestedList, NextCursor, OneOf, Timestamp, Uuid, Text } from '../openapi/schema-props';

export class ConsoleUser implements ConsoleUserView {
  @Uuid() id!: string;
  @Text() email!: string;
  @OneOf(CONSOLE_ROLES, { description: 'admin changes anything in the tenant; viewer reads only.' }) role!: ConsoleRoleName;
  @Bool({ description: 'A disabled console user cannot sign in; their sessions ended when disabled.' }) disabled!: boolean;
  @Timestamp() created_at!: string;
}

export class ConsoleUserPage implements ListConsoleUsersResponse {
  @NestedList(() => ConsoleUser) data!: ConsoleUser[];
  @NextCursor() next_cursor!: string | null;
}

/** One series value per bucket, and the totals over the window. */
export class StatsCounts {
  @Int() links_created!: number;
  @Int() links_consumed!: number;
  @Int() links_expired!: number;
  @Int() emails_sent!: number;
  @Int() emails_failed!: number;
  @Int() webhook_failures!: number;
}

export class StatsBucket extends StatsCounts {
  @Timestamp({ description: 'Start of the hour (24h) or day (7d), UTC.' }) start!: string;
}

export class StatsOverview implements StatsResponse {
  @OneOf(STATS_WINDOWS) window!: StatsWindow;
  @OneOf(['hour', 'day']) bucket!: 'hour' | 'day';
  @NestedList(() => StatsBucket, { description: 'Oldest first.' }) buckets!: StatsBucket[];
  @Nested(() => StatsCounts) totals!: StatsCounts;
}
