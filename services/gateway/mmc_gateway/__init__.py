"""The MMC gateway: the staff UI over the services' HTTP APIs (sign-in, roles, audit)."""
