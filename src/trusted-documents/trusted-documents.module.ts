import { Module } from '@nestjs/common';
import { TrustedDocumentsService } from './trusted-documents.service';

/** Trusted documents (persisted documents by id) and the allow-list mode; app.factory.ts registers its hook. */
@Module({
  providers: [TrustedDocumentsService],
  exports: [TrustedDocumentsService],
})
export class TrustedDocumentsModule {}
