variable "location" {
  type    = string
  default = "japaneast"
}

variable "prefix" {
  type = string
}

variable "admin_password" {
  type      = string
  sensitive = true
}

variable "office_ranges" {
  type    = list(string)
  default = ["203.0.113.0/24"]
}

variable "admin_public_key" {
  type = string
}
