import { formatNumber } from '../format';
import { t } from '.';

/**
 * mantine-datatable's own words on its pager (our tables draw their own empty state) in the current language. A
 * total the server counted only so far (Page.totalIsLowerBound) reads "1 000+".
 */
export function pagerTexts(totalIsLowerBound = false): {
  recordsPerPageLabel: string;
  paginationText: (p: { from: number; to: number; totalRecords: number }) => string;
} {
  return {
    recordsPerPageLabel: t('Rows per page'),
    paginationText: ({ from, to, totalRecords }: { from: number; to: number; totalRecords: number }) =>
      t('{{from}} - {{to}} / {{total}}', { from: formatNumber(from), to: formatNumber(to), total: `${formatNumber(totalRecords)}${totalIsLowerBound ? '+' : ''}` }),
  };
}
