import type { HistoryResponseItem } from '../../apitypes/images.js';
import { imageHistory } from '../../client/images.js';
import { shortId } from '../../util/ids.js';
import { renderRows } from '../format/formatter.js';
import { TemplateStruct } from '../format/value.js';
import type { Command } from '../lib/command.js';
import { listFormat, FORMAT_FLAG } from '../lib/list-format.js';
import { ellipsis } from '../lib/text.js';
import { rfc3339 } from '../lib/timefmt.js';
import { humanSize, timeAgo } from '../../util/units.js';

const HISTORY_TABLE_FORMAT = 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const HISTORY_HEADERS = { ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT' };

/** docker's historyContext. */
class HistoryContext extends TemplateStruct {
  readonly goType = '*image.historyContext';
  protected readonly jsonFields = ['Comment', 'CreatedAt', 'CreatedBy', 'CreatedSince', 'ID', 'Size'];

  constructor(
    private readonly h: HistoryResponseItem,
    private readonly trunc: boolean,
    private readonly human: boolean,
  ) {
    super();
  }
  ID(): string {
    return this.trunc && this.h.Id !== '<missing>' ? shortId(this.h.Id) : this.h.Id;
  }
  CreatedAt(): string {
    return rfc3339(new Date(this.h.Created * 1000));
  }
  CreatedSince(): string {
    return this.human ? timeAgo(this.h.Created) : this.CreatedAt();
  }
  CreatedBy(): string {
    const by = this.h.CreatedBy.replace(/\t/g, ' ');
    return this.trunc ? ellipsis(by, 45) : by;
  }
  Size(): string {
    return this.human ? humanSize(this.h.Size, 3) : String(this.h.Size);
  }
  Comment(): string {
    return this.h.Comment;
  }
}

export const command: Command = {
  name: 'history',
  usage: '[OPTIONS] IMAGE',
  description: 'Show the history of an image',
  minArgs: 1,
  maxArgs: 1,
  flags: [
    FORMAT_FLAG,
    { name: 'human', short: 'H', type: 'bool', default: true, description: 'Print sizes and dates in human readable format' },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only show image IDs' },
  ],
  async run(ctx, flags, [image = '']) {
    const history = await imageHistory(ctx.client, image);
    const format = listFormat(flags.string('format'), { quiet: flags.bool('quiet'), table: HISTORY_TABLE_FORMAT });
    const rows = history.map((h) => new HistoryContext(h, !flags.bool('no-trunc'), flags.bool('human')));
    ctx.stdout.write(renderRows(format, rows, HISTORY_HEADERS));
  },
};
