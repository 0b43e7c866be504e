import '@mantine/spotlight/styles.css';
import { Badge, Button, Group, Kbd, Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { IconFileInvoice, IconSearch, IconUser } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import { CUSTOMER_STATUS_COLOR, CUSTOMER_STATUS_LABEL, formatMoney, INVOICE_STATUS_COLOR, INVOICE_STATUS_LABEL, formatDate } from '../../format';
import { errorText } from '../../i18n/errors';
import { useQuery } from '../../hooks/useApi';
import { navigate } from '../../router';
import { t } from '../../i18n';

// The header's global search (issue 18 item 11): Ctrl+K (⌘K) or "/" anywhere but in a text field opens it; what is
// typed goes to search.global (customers by name, login, IP, phone; invoices by number); Enter opens the first hit,
// arrows move between hits. An invoice opens in its customer's Billing tab.

export const SEARCH_SHORTCUTS = ['mod + K', '/'];

export function GlobalSearch() {
  const [query, setQuery] = useState('');
  const [term] = useDebouncedValue(query.trim(), 150);
  const result = useQuery('search.global', term ? { term } : null, { keepPrevious: true });
  const data = term ? result.data : undefined;
  const hits = (data?.customers.length ?? 0) + (data?.invoices.length ?? 0);

  // Results arrive after the query changed, so nothing is selected yet: Enter then opens the first hit (Spotlight
  // itself clicks the hit the arrows selected, after this handler).
  const enterOpensFirst = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    const list = e.currentTarget.closest('[role="dialog"]');
    if (list && !list.querySelector('[data-action][data-selected]')) list.querySelector<HTMLElement>('[data-action]')?.click();
  };

  return (
    <>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconSearch size={14} />}
        rightSection={<Kbd size="xs">{t('Ctrl K')}</Kbd>}
        onClick={spotlight.open}
        // no aria-label: the page's own "Search" fields keep that name to themselves
        title={t('Search customers and invoices (Ctrl+K or /)')}
        visibleFrom="sm"
      >
        {t('Search')}
      </Button>
      <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={SEARCH_SHORTCUTS} scrollable maxHeight={420}>
        <Spotlight.Search
          placeholder={t('Customer name, login, IP, phone or invoice number')}
          aria-label={t('Search customers and invoices')}
          onKeyDown={enterOpensFirst}
          leftSection={result.loading && term ? <Loader size={16} /> : <IconSearch size={18} stroke={1.5} />}
        />
        <Spotlight.ActionsList aria-label={t('Search results')}>
          {data && data.customers.length > 0 && (
            <Spotlight.ActionsGroup label={t('Customers')}>
              {data.customers.map((c) => (
                <Spotlight.Action key={`c${c.id}`} onClick={() => navigate(`/customers/${c.id}`)} leftSection={<IconUser size={18} stroke={1.5} />}>
                  <Group wrap="nowrap" justify="space-between" w="100%" gap="xs">
                    <div>
                      <Text size="sm">
                        {c.name} <Text span c="dimmed" size="xs">#{c.id}</Text>
                      </Text>
                      <Text size="xs" c="dimmed">
                        {c.matched}
                      </Text>
                    </div>
                    <Badge size="sm" variant="light" color={CUSTOMER_STATUS_COLOR[c.status]}>
                      {CUSTOMER_STATUS_LABEL[c.status]}
                    </Badge>
                  </Group>
                </Spotlight.Action>
              ))}
            </Spotlight.ActionsGroup>
          )}
          {data && data.invoices.length > 0 && (
            <Spotlight.ActionsGroup label={t('Invoices')}>
              {data.invoices.map((i) => (
                <Spotlight.Action
                  key={`i${i.id}`}
                  onClick={() => navigate(`/customers/${i.customerId}/billing?invoice=${i.id}`)}
                  leftSection={<IconFileInvoice size={18} stroke={1.5} />}
                >
                  <Group wrap="nowrap" justify="space-between" w="100%" gap="xs">
                    <div>
                      <Text size="sm">{t('Invoice {{number}}', { number: i.number })}</Text>
                      <Text size="xs" c="dimmed">
                        {i.customerName} · {formatDate(i.date)} · {formatMoney(i.total)}
                      </Text>
                    </div>
                    <Badge size="sm" variant="light" color={INVOICE_STATUS_COLOR[i.status]}>
                      {INVOICE_STATUS_LABEL[i.status]}
                    </Badge>
                  </Group>
                </Spotlight.Action>
              ))}
            </Spotlight.ActionsGroup>
          )}
          {!term && <Spotlight.Empty>{t('Type a name, login, IP, phone or invoice number')}</Spotlight.Empty>}
          {term && result.error && <Spotlight.Empty>{errorText(result.error)}</Spotlight.Empty>}
          {term && data && hits === 0 && <Spotlight.Empty>{t('Nothing found for “{{term}}”', { term })}</Spotlight.Empty>}
        </Spotlight.ActionsList>
      </Spotlight.Root>
    </>
  );
}
