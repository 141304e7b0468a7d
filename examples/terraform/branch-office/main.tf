# A branch-office spoke: one workload subnet with an NSG, a Linux VM and its backup.
terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}

provider "azurerm" {
  features {}
}

locals {
  tags = { site = "osaka", owner = "branch-it" }
}

resource "azurerm_resource_group" "branch" {
  name     = "${var.prefix}-rg"
  location = var.location
  tags     = local.tags
}

resource "azurerm_virtual_network" "branch" {
  name                = "${var.prefix}-vnet"
  location            = azurerm_resource_group.branch.location
  resource_group_name = azurerm_resource_group.branch.name
  address_space       = ["10.40.0.0/16"]
}

resource "azurerm_subnet" "workload" {
  name                            = "workload"
  resource_group_name             = azurerm_resource_group.branch.name
  virtual_network_name            = azurerm_virtual_network.branch.name
  address_prefixes                = [cidrsubnet("10.40.0.0/16", 8, 1)]
  default_outbound_access_enabled = false
}

resource "azurerm_network_security_group" "workload" {
  name                = "${var.prefix}-workload-nsg"
  location            = azurerm_resource_group.branch.location
  resource_group_name = azurerm_resource_group.branch.name

  # Problem: SSH open to the whole Internet "for the vendor".
  security_rule {
    name                       = "allow-ssh-vendor"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }

  dynamic "security_rule" {
    for_each = { for i, cidr in var.office_ranges : i => cidr }
    content {
      name                       = "allow-https-office-${security_rule.key}"
      priority                   = 200 + security_rule.key
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_port_range          = "*"
      destination_port_range     = "443"
      source_address_prefix      = security_rule.value
      destination_address_prefix = "*"
    }
  }
}

resource "azurerm_subnet_network_security_group_association" "workload" {
  subnet_id                 = azurerm_subnet.workload.id
  network_security_group_id = azurerm_network_security_group.workload.id
}

resource "azurerm_public_ip" "pos" {
  name                = "${var.prefix}-pos-pip"
  location            = azurerm_resource_group.branch.location
  resource_group_name = azurerm_resource_group.branch.name
  allocation_method   = "Static"
}

resource "azurerm_network_interface" "pos" {
  name                = "${var.prefix}-pos-nic"
  location            = azurerm_resource_group.branch.location
  resource_group_name = azurerm_resource_group.branch.name

  ip_configuration {
    name                          = "ipconfig1"
    subnet_id                     = azurerm_subnet.workload.id
    private_ip_address_allocation = "Dynamic"
    public_ip_address_id          = azurerm_public_ip.pos.id
  }
}

# azvmsec:ignore AZV-VM-004 reason: the POS vendor image does not support encryption at host yet expires: 2027-03-31
resource "azurerm_linux_virtual_machine" "pos" {
  name                            = "${var.prefix}-pos-vm"
  location                        = azurerm_resource_group.branch.location
  resource_group_name             = azurerm_resource_group.branch.name
  size                            = "Standard_B2s"
  admin_username                  = "branchadmin"
  admin_password                  = var.admin_password
  disable_password_authentication = false
  network_interface_ids           = [azurerm_network_interface.pos.id]
  patch_mode                      = "AutomaticByPlatform"
  secure_boot_enabled             = true
  vtpm_enabled                    = true

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }

  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }
}

resource "azurerm_recovery_services_vault" "branch" {
  name                = "${var.prefix}-rsv"
  location            = azurerm_resource_group.branch.location
  resource_group_name = azurerm_resource_group.branch.name
  sku                 = "Standard"
  immutability        = "Unlocked"
}

resource "azurerm_backup_policy_vm" "daily" {
  name                = "daily-30"
  resource_group_name = azurerm_resource_group.branch.name
  recovery_vault_name = azurerm_recovery_services_vault.branch.name

  backup {
    frequency = "Daily"
    time      = "23:00"
  }

  retention_daily {
    count = 30
  }
}

resource "azurerm_backup_protected_vm" "pos" {
  resource_group_name = azurerm_resource_group.branch.name
  recovery_vault_name = azurerm_recovery_services_vault.branch.name
  source_vm_id        = azurerm_linux_virtual_machine.pos.id
  backup_policy_id    = azurerm_backup_policy_vm.daily.id
}
