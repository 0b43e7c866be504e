import { Button, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconLanguage, IconLogout, IconUser } from '@tabler/icons-react';
import { LANGUAGE_INFO, LANGUAGES, t, type Language } from '../i18n';
import { errorText } from '../i18n/errors';
import { useAuth } from './AuthGate';

const ROLE_KEY = { administrator: 'role.administrator', finance: 'role.finance', support: 'role.support' } as const;

/** Who is signed in, their language, and the way out. Nothing is shown when the host runs without sign-in. */
export function StaffMenu() {
  const { staff, signOut, chooseLanguage } = useAuth();
  if (!staff) return null;
  const choose = async (language: Language | null) => {
    const error = await chooseLanguage(language);
    if (error) notifications.show({ color: 'red', title: t('The language was not changed'), message: errorText(error) });
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="subtle" leftSection={<IconUser size={14} />} aria-label={t('Signed in as {{name}}', { name: staff.name })}>
          {staff.name}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="xs">{t('Role: {{role}}', { role: t(ROLE_KEY[staff.role]) })}</Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Label>
          <Text size="xs">{t('Language')}</Text>
        </Menu.Label>
        {LANGUAGES.map((l) => (
          <Menu.Item
            key={l}
            lang={l}
            leftSection={staff.language === l ? <IconCheck size={14} /> : <IconLanguage size={14} />}
            onClick={() => void choose(l)}
          >
            {/* each language in its own words: whoever cannot read the current one still finds theirs */}
            {LANGUAGE_INFO[l].name}
          </Menu.Item>
        ))}
        <Menu.Item
          leftSection={staff.language === null ? <IconCheck size={14} /> : <IconLanguage size={14} />}
          onClick={() => void choose(null)}
        >
          {t('The ISP’s default language')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => void signOut()}>
          {t('Sign out')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
