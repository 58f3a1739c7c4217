import { Module } from '@nestjs/common';
import { NoticeListener } from './notice-listener';

/** One LISTEN for the whole instance: the channels live updates and the answer cache hear. */
@Module({
  providers: [NoticeListener],
  exports: [NoticeListener],
})
export class NoticesModule {}
