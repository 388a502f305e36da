import { documentsService } from '../../src/features/documents/service.js';
import { noticePrintService } from '../../src/features/notices/print-service.js';
import { noticesService } from '../../src/features/notices/service.js';
import type { CurrentUser } from '../../src/platform/auth/current-user.js';
import type { Database } from '../../src/platform/db/database.js';
import { jpegWithGps } from '../helpers/images.js';

/**
 * The hunted family's notices to a school (issue 16, point 6): a no-contact notice naming the person
 * causing harm, with his photograph (a phone JPEG with a GPS block, cleaned on upload), and an Operation
 * Encompass notice from the first police notification about a child on the case, when there is one. Both
 * are printed for the school's safeguarding lead: the copies join the hunted documents.
 */
export async function makeNotices(db: Database, holder: CurrentUser, caseId: string, people: { harmId: string; childId: string }) {
  const notices = noticesService(db);
  const setting = { settingKind: 'school' as const, settingName: 'Hunt Primary School', safeguardingLead: 'A Safeguarding Lead', workerName: holder.name, workerPhone: '0114 496 0000' };
  const { noticeId } = await notices.startNoContact(holder, caseId, { ...setting, childId: people.childId, personId: people.harmId, orders: ['Non-molestation order, until next year'] }, 'leak-hunt');
  const { photoId } = await notices.addPhoto(holder, caseId, noticeId, { data: jpegWithGps(), tooLarge: false }, 'leak-hunt');
  const print = noticePrintService(db, documentsService(db));
  const documentIds = [(await print.print(holder, caseId, noticeId, 'leak-hunt')).documentId];
  const waiting = (await notices.overview(holder, caseId)).encompass[0];
  let encompassId: string | null = null;
  if (waiting) {
    encompassId = (await notices.startEncompass(holder, caseId, { ...setting, contactId: waiting.contactId, childId: waiting.childId, schoolShouldKnow: 'The child may be tired and upset today.' }, 'leak-hunt')).noticeId;
    documentIds.push((await print.print(holder, caseId, encompassId, 'leak-hunt')).documentId);
  }
  return { noticeId, encompassId, photoId, documentIds };
}
