import { ActionIcon, Menu, Tooltip, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { useWindowEvent } from '@mantine/hooks';
import { IconCheck, IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react';
import { t, tk, type CatalogueKey } from '../i18n';

// Dark mode (issue 18 item 14): "auto" follows the system (prefers-color-scheme), or staff pick light or dark.
// Mantine keeps the choice in this workstation's localStorage, so it survives a reload and a restart.

const CHOICES: { value: MantineColorScheme; label: CatalogueKey; icon: typeof IconSun }[] = [
  { value: 'auto', label: 'Follow the system', icon: IconDeviceDesktop },
  { value: 'light', label: 'Light', icon: IconSun },
  { value: 'dark', label: 'Dark', icon: IconMoon },
];

export function ColorSchemeToggle() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const current = CHOICES.find((c) => c.value === colorScheme) ?? CHOICES[0];
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Tooltip label={t('Colours: {{value}}', { value: tk(current.label).toLowerCase() })}>
          <ActionIcon variant="subtle" color="gray" aria-label={t('Colour scheme: {{label}}', { label: tk(current.label) })}>
            <current.icon size={18} stroke={1.6} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('Colours')}</Menu.Label>
        {CHOICES.map((c) => (
          <Menu.Item
            key={c.value}
            leftSection={<c.icon size={14} />}
            rightSection={c.value === colorScheme ? <IconCheck size={14} /> : null}
            onClick={() => setColorScheme(c.value)}
          >
            {tk(c.label)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * A printed document is always black on white: the page switches to light just for printing and back afterwards
 * (the attribute only, the saved choice is untouched).
 */
export function PrintInLight() {
  useWindowEvent('beforeprint', () => {
    const html = document.documentElement;
    html.dataset.screenScheme = html.getAttribute('data-mantine-color-scheme') ?? '';
    html.setAttribute('data-mantine-color-scheme', 'light');
  });
  useWindowEvent('afterprint', () => {
    const html = document.documentElement;
    if (html.dataset.screenScheme) html.setAttribute('data-mantine-color-scheme', html.dataset.screenScheme);
    delete html.dataset.screenScheme;
  });
  return null;
}
