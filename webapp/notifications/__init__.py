"""Pages of e-mail notices: saved searches, the account's address, admins' contact lists,
and one-click unsubscribe."""
