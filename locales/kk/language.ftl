## Тіл таңдау. Тілдің атауы сол тілдің өзінде жазылады.

language-native-name = Қазақша
language-title = Tirek
# Бір жол; барлық басқа тілдердегі дәл осындай жолдың қасында бәріне көрсетіледі.
language-prompt = Тіліңізді таңдаңыз:
language-chosen = ✓ { $name }
