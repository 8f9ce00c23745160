"""JKN rules as data: contributions (iuran), late-payment penalties, class-upgrade co-payments, INA-CBG codes."""
