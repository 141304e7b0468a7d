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

  # Added with the FortiGate, whose 0.0.0.0/0 route may widen the VirtualNetwork tag to the whole
  # Internet: then Internet, what lies outside VirtualNetwork, may no longer hold the sources this
  # Deny is meant for, and AllowVnetInBound lets them in (azvmsec says unknown). A Deny of every
  # source above AllowVnetInBound, with Allows for what must get in, does not depend on the tag.
  security_rule {
    name                       = "deny-internet-inbound"
    priority                   = 4000
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "Internet"
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
  # The till software finds its server by the address Azure gives the NIC; no credential in it.
  custom_data = base64encode(templatefile("${path.module}/pos-cloud-init.yaml.tftpl", {
    pos_address = azurerm_network_interface.pos.private_ip_address
    ntp_servers = ["ntp.nict.jp", "time.windows.com"]
  }))

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

# The branch's own FortiGate, added by the POS vendor: every packet leaving the workload subnet
# goes through this one VM (no second appliance, no load balancer in front).
locals {
  fortigate_ip = cidrhost(cidrsubnet("10.40.0.0/16", 8, 0), 4)
}

resource "azurerm_subnet" "appliance" {
  name                            = "appliance"
  resource_group_name             = azurerm_resource_group.branch.name
  virtual_network_name            = azurerm_virtual_network.branch.name
  address_prefixes                = [cidrsubnet("10.40.0.0/16", 8, 0)]
  default_outbound_access_enabled = false
}

resource "azurerm_subnet_network_security_group_association" "appliance" {
  subnet_id                 = azurerm_subnet.appliance.id
  network_security_group_id = azurerm_network_security_group.appliance.id
}

resource "azurerm_network_security_group" "appliance" {
  name                = "${var.prefix}-appliance-nsg"
  location            = azurerm_resource_group.branch.location
  resource_group_name = azurerm_resource_group.branch.name

  security_rule {
    name                       = "allow-workload-egress"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = azurerm_subnet.workload.address_prefixes[0]
    destination_address_prefix = "*"
  }

  security_rule {
    name                       = "deny-vnet-management"
    priority                   = 3000
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_ranges    = ["22", "135", "445", "3389", "5985-5986"]
    source_address_prefix      = "VirtualNetwork"
    destination_address_prefix = "*"
  }

  security_rule {
    name                       = "deny-internet-inbound"
    priority                   = 4000
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}

resource "azurerm_network_interface" "fortigate" {
  name                  = "${var.prefix}-fgt-nic"
  location              = azurerm_resource_group.branch.location
  resource_group_name   = azurerm_resource_group.branch.name
  ip_forwarding_enabled = true

  ip_configuration {
    name                          = "ipconfig1"
    subnet_id                     = azurerm_subnet.appliance.id
    private_ip_address_allocation = "Static"
    private_ip_address            = local.fortigate_ip
  }
}

resource "azurerm_linux_virtual_machine" "fortigate" {
  name                            = "${var.prefix}-fgt-vm"
  location                        = azurerm_resource_group.branch.location
  resource_group_name             = azurerm_resource_group.branch.name
  size                            = "Standard_F2s_v2"
  admin_username                  = "fgtadmin"
  disable_password_authentication = true
  network_interface_ids           = [azurerm_network_interface.fortigate.id]
  encryption_at_host_enabled      = true

  admin_ssh_key {
    username   = "fgtadmin"
    public_key = var.admin_public_key
  }

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }

  plan {
    publisher = "fortinet"
    product   = "fortinet_fortigate-vm_v5"
    name      = "fortinet_fg-vm_payg_2023"
  }

  source_image_reference {
    publisher = "fortinet"
    offer     = "fortinet_fortigate-vm_v5"
    sku       = "fortinet_fg-vm_payg_2023"
    version   = "latest"
  }
}

resource "azurerm_route_table" "workload" {
  name                          = "${var.prefix}-workload-rt"
  location                      = azurerm_resource_group.branch.location
  resource_group_name           = azurerm_resource_group.branch.name
  bgp_route_propagation_enabled = false

  route {
    name                   = "default-via-fortigate"
    address_prefix         = "0.0.0.0/0"
    next_hop_type          = "VirtualAppliance"
    next_hop_in_ip_address = local.fortigate_ip
  }
}

resource "azurerm_subnet_route_table_association" "workload" {
  subnet_id      = azurerm_subnet.workload.id
  route_table_id = azurerm_route_table.workload.id
}
